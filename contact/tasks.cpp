#include "contact/tasks.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/log.hpp"
#include "contact/chat.hpp"
#include "routing/text.hpp"

namespace advieslijn::contact {
namespace {

void add_new(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// The visitor's messages of a chat that the risk triage flags, and what flagged them.
struct RiskyMessages {
    std::vector<std::string> texts;
    std::vector<std::string> words;
};
RiskyMessages risky_messages(const routing::RiskDetector& risk, const nlohmann::json& messages,
                             const std::string& lang) {
    RiskyMessages out;
    for (auto& text : visitor_texts(messages)) {
        const routing::RiskResult r =
            risk.detect_as_written(lang, routing::utf8_prefix(text, routing::max_question_bytes));
        if (!r.any()) continue;
        for (auto& w : r.evidence()) add_new(out.words, std::move(w));
        out.texts.push_back(std::move(text));
    }
    return out;
}

callbacks::Channel channel_of(routing::Channel c) {
    switch (c) {
        case routing::Channel::voice: return callbacks::Channel::voice;
        case routing::Channel::sms: return callbacks::Channel::sms;
        case routing::Channel::chat: return callbacks::Channel::chat;
    }
    return callbacks::Channel::web_form;
}

// Urgent for a risk signal, high for a concern ("concern:<category>" flags), else normal.
callbacks::Priority priority_for(bool urgent, const std::vector<std::string>& risk_flags) {
    if (urgent) return callbacks::Priority::urgent;
    return risk_flags.empty() ? callbacks::Priority::normal : callbacks::Priority::high;
}

}  // namespace

asio::awaitable<std::optional<routing::TaskCreated>> Tasks::create(const routing::TaskRequest& t) {
    auto it = services_.find(t.tenant_id);
    if (it == services_.end()) co_return std::nullopt;
    callbacks::NewTask task;
    task.channel = channel_of(t.channel);
    task.phone = t.phone;
    task.lang = t.lang;
    task.question = t.question.empty() ? "(no question recorded)" : t.question;
    task.priority = priority_for(t.urgent, t.risk_categories);
    task.risk_flags = t.risk_categories;
    if (!task.risk_flags.empty()) task.risk_words = risk_.detect(t.lang, t.question).evidence();
    task.consent = true;
    task.terms.voicemail = t.voicemail;
    task.terms.announce_cjg = t.announce_cjg;
    task.terms.note = t.note;
    task.terms.no_weekend = t.no_weekend;
    task.terms.alt_phone = t.alt_phone;
    task.window = callbacks::parse_window(t.window).value_or(callbacks::Window::any);
    task.source_key = t.idempotency_key;
    auto created = co_await it->second->create(std::move(task), "caller");
    if (!created) {
        spdlog::error("callback task for {} not created: {}", mask_phone(t.phone),
                      created.error().message);
        co_return std::nullopt;
    }
    spdlog::info("callback {} for tenant {} from {} ({}{})", created->task.reference, t.tenant_id,
                 mask_phone(t.phone), routing::to_string(t.channel), t.urgent ? ", urgent" : "");
    co_return routing::TaskCreated{created->task.reference, created->task.id,
                                   created->status == callbacks::CreateStatus::created};
}

static_assert(routing::max_terms_note_bytes == callbacks::max_terms_note_characters);

asio::awaitable<bool> Tasks::update_terms(const routing::TermsUpdate& u) {
    auto it = services_.find(u.tenant_id);
    if (it == services_.end()) co_return false;
    // A named object, moved in: GCC 12 destroys a braced temporary in a co_await
    // full-expression twice (a double free under ASan when it holds a string).
    callbacks::TermsChange change{u.voicemail, u.announce_cjg, u.note, std::nullopt,
                                  u.no_weekend, u.alt_phone};
    if (u.window) change.window = callbacks::parse_window(*u.window).value_or(callbacks::Window::any);
    auto changed = co_await it->second->update_terms(u.task_id, "caller", std::move(change));
    if (!changed) {
        spdlog::error("terms of callback task {} not changed: {}", u.task_id,
                      changed.error().message);
        co_return false;
    }
    co_return true;
}

asio::awaitable<Tasks::FormResult> Tasks::create_from_form(const Tenant& tenant,
                                                          callbacks::NewTask task,
                                                          const std::string& chat_session_id,
                                                          const std::string& remote) {
    // A language the tenant does not offer (a page's own code, "de") is its first one: the
    // task speaks a language the specialists and the risk lists read. Before, a crisis written
    // in a form with such a code was triaged with no lists at all (a tester's finding).
    task.lang = routing::TenantDirectory::choose_language(tenant, task.lang);
    std::optional<routing::KnowledgeGap> handoff;  // a question the chat gave no answer to
    RiskyMessages chat_risk;  // the chat's messages that raised its risk flags
    bool from_chat = false;  // the chat's contact and question are counted already
    if (!chat_session_id.empty()) {
        const auto loaded = co_await store_.chat_load(chat_session_id);
        if (loaded.found == ConversationStore::Found::yes && loaded.session.tenant == tenant.id) {
            task.channel = callbacks::Channel::chat;
            from_chat = true;
            task.articles = loaded.session.articles;
            task.risk_flags = loaded.session.risk_flags;
            const std::optional<nlohmann::json> messages = co_await store_.chat_messages(chat_session_id);
            // What the family wrote in the chat that raised the risk goes with the task, with
            // the words that triggered it: the specialist who calls back must see it (the
            // transcript expires in half an hour; a tester saw only "Kunt u mij terugbellen").
            if (!task.risk_flags.empty() && messages) chat_risk = risky_messages(risk_, *messages, loaded.session.lang);
            std::string question = messages && task.risk_flags.empty() ? unanswered_question(*messages) : std::string{};
            if (!question.empty())
                handoff = routing::KnowledgeGap{
                    tenant.id, loaded.session.lang.empty() ? task.lang : loaded.session.lang,
                    routing::Channel::chat, routing::KnowledgeGap::Source::handoff, std::move(question)};
        }
    }
    // The form's own question is triaged too, after a calm chat as much as on its own: a
    // family that writes about danger in the callback form gets an urgent task (and the
    // supervisors' webhook), not a place in the 24-hour queue, and the guidance at once.
    const routing::RiskResult risk = risk_.detect_as_written(
        task.lang, routing::utf8_prefix(task.question, routing::max_question_bytes));
    for (auto& flag : risk.flags()) add_new(task.risk_flags, std::move(flag));
    const bool urgent = std::any_of(task.risk_flags.begin(), task.risk_flags.end(),
                                    [](const std::string& f) { return f.rfind("concern:", 0) != 0; });
    task.priority = std::max(task.priority, priority_for(urgent, task.risk_flags));
    if (!task.risk_flags.empty()) {
        task.risk_words = chat_risk.words;
        for (auto& w : risk.evidence()) add_new(task.risk_words, std::move(w));
    }
    if (!chat_risk.texts.empty()) {
        std::string question;
        for (const auto& text : chat_risk.texts)
            if (text != task.question) question += text + " / ";
        task.question = routing::utf8_prefix(question + task.question, callbacks::max_question_bytes);
    }
    std::optional<routing::ChatReply> guidance;
    if (risk.any()) guidance = routing::urgent_guidance(risk_, task.lang, risk);
    const std::string task_lang = task.lang;
    auto& service = *services_.at(tenant.id);
    // A form on its own is one contact with one question, handed to a specialist: counted in
    // the create's own call, as what the create did decides it (nothing for a retry).
    std::optional<callbacks::CreateCount> count;
    if (!from_chat) count = stats_.form_count(tenant.id, task_lang, risk.flags());
    auto created = co_await service.create(std::move(task), "caller",
                                           ConversationStore::form_limit(tenant.id, remote, forms_per_hour_),
                                           std::move(count));
    if (!created && created.error().code == callbacks::Errc::rate_limited) {
        const auto wait = ConversationStore::form_rate_window().seconds_left(std::chrono::system_clock::now());
        spdlog::warn("callback form from {} refused: more than {} this hour", remote, forms_per_hour_);
        co_return ChatRefusal{429, "rate_limited", "Too many callback requests from this address; try again later.",
                              static_cast<int>(wait.count()), std::move(guidance), {}};
    }
    if (!created) {
        if (created.error().code == callbacks::Errc::unavailable)
            spdlog::error("callback request for tenant {} refused: {}", tenant.id,
                          created.error().message);
        co_return created.error();
    }
    if (!from_chat && created->status != callbacks::CreateStatus::existing)
        stats_.tally_form(tenant.id, task_lang, created->task.priority == callbacks::Priority::urgent);
    if (handoff) {
        const std::string conversation = "chat:" + chat_session_id;
        co_await gaps_.record(*handoff, conversation);
    }
    const callbacks::Task& t = created->task;
    spdlog::info("callback {} for tenant {} from {} ({})", t.reference, tenant.id,
                 mask_phone(t.phone),
                 created->status == callbacks::CreateStatus::created ? "new" : "existing");
    co_return FormCreated{std::move(created.value()), std::move(guidance)};
}

}  // namespace advieslijn::contact
