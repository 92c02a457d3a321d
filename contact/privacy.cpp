#include "contact/privacy.hpp"

#include <spdlog/spdlog.h>

#include "common/phone.hpp"
#include "routing/messaging.hpp"
#include "routing/voice.hpp"

namespace advieslijn::contact {

using callbacks::Errc;
using callbacks::make_error;
using nlohmann::json;

// The conversation state of one number in one tenant, decoded.
struct Privacy::Conversations {
    struct Sms {
        std::string from;  // as the key names it (Twilio's From)
        routing::SmsState state;
    };
    std::vector<Sms> sms;
    std::vector<routing::VoiceState> calls;
    struct Chat {
        std::string id;
        std::string lang;
        json messages;
    };
    std::vector<Chat> chats;
};

namespace {

callbacks::Error unavailable() {
    return make_error(Errc::unavailable, "conversation store unavailable");
}

// The texts of another caller's task that quote the number, and only those.
json quoting_texts(const callbacks::Task& t, const std::string& e164) {
    json out = json::array();
    auto add = [&](const std::string& text) {
        if (mentions_phone(text, e164)) out.push_back(text);
    };
    add(t.name);
    add(t.cancel_reason);
    add(t.referral);
    for (const auto& q : t.questions) add(q.text);
    for (const auto& h : t.history) {
        add(h.note);
        add(h.detail);
    }
    return out;
}

}  // namespace

json to_json(const ErasureReport& r) {
    const auto& t = r.tasks;
    json out = {{"tasks_erased", t.tasks_erased},
                {"tasks_cancelled", t.tasks_cancelled},
                {"tasks_redacted", t.tasks_redacted},
                {"notes", t.notes},
                {"idempotency_keys", t.idempotency_keys},
                {"repeat_contact_index", t.repeat_contact_index},
                {"missed_risk_texts", t.missed_texts},
                {"sms_threads", r.sms_threads},
                {"voice_calls", r.voice_calls},
                {"chat_sessions", r.chat_sessions}};
    // Cancelled tasks are among the erased ones: not counted twice.
    std::size_t total = 0;
    for (const auto& [kind, n] : out.items())
        if (kind != "tasks_cancelled") total += n.get<std::size_t>();
    out["total"] = total;
    return out;
}

std::string audit_detail(const ErasureReport& r) {
    std::string out;
    const json counts = to_json(r);  // items() refers to it: not a temporary
    for (const auto& [kind, n] : counts.items()) {
        if (kind == "total") continue;
        out += (out.empty() ? "" : ", ") + kind + " " + std::to_string(n.get<std::size_t>());
    }
    return out;
}

callbacks::Result<std::string> Privacy::parse_number(std::string_view text) {
    const ParsedPhone p = parse_phone(text, PhoneUse::dialed);
    if (!p)
        return make_error(Errc::invalid_input,
                          "number: " + std::string(phone_error_message(p.error())), "number");
    return p.e164();
}

callbacks::Result<callbacks::Service*> Privacy::service_for(const std::string& tenant) {
    auto it = services_.find(tenant);
    if (it == services_.end())
        return make_error(Errc::invalid_input, "tenant: no tenant '" + tenant + "' in the config",
                          "tenant");
    return it->second.get();
}

asio::awaitable<callbacks::Result<Privacy::Conversations>> Privacy::conversations(
    const std::string& tenant, const std::string& e164) {
    Conversations out;
    auto sms = co_await store_.sms_threads(tenant);
    if (!sms) co_return unavailable();
    for (auto& s : *sms) {
        auto state = routing::decode_sms_state(s.value);
        const ParsedPhone from = parse_phone(strip_channel_prefix(s.id), PhoneUse::dialed);
        const bool held = (from && from.e164() == e164) || (state && state->from == e164) ||
                          mentions_phone(s.value, e164);
        if (held) out.sms.push_back({s.id, state.value_or(routing::SmsState{})});
    }
    auto calls = co_await store_.voice_calls(tenant);
    if (!calls) co_return unavailable();
    for (auto& c : *calls) {
        auto state = routing::decode_voice_state(c.value);
        if (!state || state->tenant_id != tenant) continue;
        if (state->from == e164 || state->callback_number == e164 || mentions_phone(c.value, e164)) {
            state->call_sid = c.id;  // the key is what goes
            out.calls.push_back(std::move(*state));
        }
    }
    auto chats = co_await store_.chat_ids(tenant);
    if (!chats) co_return unavailable();
    for (auto& id : *chats) {
        const auto loaded = co_await store_.chat_load(id);
        if (loaded.found == ConversationStore::Found::unavailable) co_return unavailable();
        if (loaded.found != ConversationStore::Found::yes || loaded.session.tenant != tenant) continue;
        auto messages = co_await store_.chat_messages(id);
        if (!messages) co_return unavailable();
        if (mentions_phone(messages->dump(-1, ' ', false, json::error_handler_t::replace), e164))
            out.chats.push_back({id, loaded.session.lang, std::move(*messages)});
    }
    co_return out;
}

asio::awaitable<callbacks::Result<json>> Privacy::export_number(std::string tenant,
                                                                std::string number) {
    auto service = service_for(tenant);
    if (!service) co_return service.error();
    auto e164 = parse_number(number);
    if (!e164) co_return e164.error();
    auto held = co_await service.value()->find_number(e164.value());
    if (!held) co_return held.error();
    auto conv = co_await conversations(tenant, e164.value());
    if (!conv) co_return conv.error();

    json out = {{"tenant", tenant}, {"number", e164.value()}};
    json& tasks = out["tasks"] = json::array();
    for (const auto& t : held->tasks) tasks.push_back(callbacks::to_json(t));
    json& quoted = out["quoted_in_tasks"] = json::array();
    for (const auto& t : held->quoted_in)
        quoted.push_back({{"id", t.id}, {"reference", t.reference},
                          {"texts", quoting_texts(t, e164.value())}});
    out["idempotency_keys"] = held->idempotency_keys;
    json& missed = out["missed_risk_texts"] = json::array();
    for (const auto& m : held->missed_texts)
        missed.push_back({{"task_id", m.task_id}, {"at", callbacks::format_rfc3339(m.at)},
                          {"lang", m.lang}, {"category", m.category}, {"text", m.text}});
    json& sms = out["sms_threads"] = json::array();
    for (const auto& s : conv->sms)
        sms.push_back({{"from", s.from}, {"lang", s.state.lang}, {"question", s.state.question},
                       {"reference", s.state.reference}, {"risk_categories", s.state.risk_categories}});
    json& calls = out["voice_calls"] = json::array();
    for (const auto& c : conv->calls)
        calls.push_back({{"call_sid", c.call_sid}, {"from", c.from},
                         {"callback_number", c.callback_number}, {"lang", c.lang},
                         {"question", c.question}, {"reference", c.reference},
                         {"risk_categories", c.risk_categories}});
    json& chats = out["chat_sessions"] = json::array();
    for (const auto& c : conv->chats)
        chats.push_back({{"id", c.id}, {"lang", c.lang}, {"messages", c.messages}});
    co_return out;
}

asio::awaitable<callbacks::Result<ErasureReport>> Privacy::erase(std::string tenant,
                                                                 std::string number,
                                                                 std::string actor) {
    auto service = service_for(tenant);
    if (!service) co_return service.error();
    auto e164 = parse_number(number);
    if (!e164) co_return e164.error();
    ErasureReport report;
    std::string erasing = e164.value();
    std::string by = actor;
    auto tasks = co_await service.value()->erase_number(std::move(erasing), std::move(by));
    if (!tasks) co_return tasks.error();
    report.tasks = tasks.value();
    auto conv = co_await conversations(tenant, e164.value());
    if (!conv) co_return conv.error();
    for (const auto& s : conv->sms) {
        const bool gone = co_await store_.sms_erase(tenant, s.from);
        if (!gone) co_return unavailable();
        ++report.sms_threads;
    }
    for (const auto& c : conv->calls) {
        const bool gone = co_await store_.voice_erase(tenant, c.call_sid);
        if (!gone) co_return unavailable();
        ++report.voice_calls;
    }
    for (const auto& c : conv->chats) {
        const bool gone = co_await store_.chat_end(c.id);
        if (!gone) co_return unavailable();
        ++report.chat_sessions;
    }
    std::string action = "privacy_erased";
    std::string no_task;
    std::string detail = audit_detail(report);
    auto audited = co_await service.value()->record_audit(std::move(actor), std::move(action),
                                                          std::move(no_task), std::move(detail));
    if (!audited) co_return audited.error();
    spdlog::info("privacy: erased a number in tenant {} ({})", tenant, audit_detail(report));
    co_return report;
}

}  // namespace advieslijn::contact
