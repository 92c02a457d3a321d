// Erasure and access on request (docs/privacy.md): Service::find_number and
// Service::erase_number. The walk reads every task of the tenant once; each change is one
// script (erase.lua for the number's own tasks, redact.lua for texts of other tasks), so a
// claim, a note or a repeat contact at the same moment cannot slip between read and write.
#include <set>

#include <nlohmann/json.hpp>

#include "callbacks/rules.hpp"
#include "callbacks/scripts.hpp"
#include "callbacks/service.hpp"
#include "callbacks/service_detail.hpp"
#include "common/phone.hpp"

namespace advieslijn::callbacks {

using detail::redis_error;
using detail::status_of;
using nlohmann::json;

struct Service::RawTask {
    std::string id;
    Fields fields;
    std::vector<std::string> history;  // JSON lines as stored
};

struct Service::NumberScan {
    std::vector<RawTask> own;
    std::vector<RawTask> quoting;
    std::map<std::string, std::vector<std::string>> idempotency_keys;  // by task id
    std::vector<MissedText> missed_texts;
};

namespace {

void redact_strings(json& j, const std::string& e164) {
    if (j.is_string()) {
        j = redact_phone(j.get_ref<const std::string&>(), e164);
    } else if (j.is_structured()) {
        for (auto& v : j) redact_strings(v, e164);
    }
}

// One stored text without the number: JSON (questions, history lines, lists) string by string,
// so an escaped "\/" cannot hide a spelling; anything else as text.
std::string redacted(const std::string& value, const std::string& e164) {
    if (!value.empty() && (value.front() == '[' || value.front() == '{')) {
        json j = json::parse(value, nullptr, false);
        if (!j.is_discarded()) {
            const json before = j;
            redact_strings(j, e164);
            return j == before ? value : j.dump(-1, ' ', false, json::error_handler_t::replace);
        }
    }
    return redact_phone(value, e164);
}

// A key pattern for SCAN MATCH that matches `prefix` literally.
std::string glob_literal(const std::string& prefix) {
    std::string out;
    for (char c : prefix) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

std::size_t count_at(const RedisReply& r, std::size_t i) {
    return i < r.elements.size() && r.elements[i].integer > 0
               ? static_cast<std::size_t>(r.elements[i].integer)
               : 0;
}

}  // namespace

asio::awaitable<Result<std::optional<Service::RawTask>>> Service::raw_task(std::string id) {
    std::vector<std::string> args{id};
    RedisResult r = co_await run(lua::get, "reader", std::move(args));
    if (!r.ok()) co_return redis_error(r, "get");
    if (status_of(r.reply) != "ok" || r.reply.elements.size() < 3)
        co_return std::optional<RawTask>();
    RawTask t{id, hash_fields(r.reply.elements[1]), {}};
    for (const auto& line : r.reply.elements[2].elements) t.history.push_back(line.str);
    co_return std::optional<RawTask>(std::move(t));
}

asio::awaitable<Result<Service::NumberScan>> Service::scan_number(const std::string& e164) {
    NumberScan scan;
    std::set<std::string> own_ids;
    for (const char* state : {"queued", "claimed", "completed", "cancelled"}) {
        std::vector<std::string> cmd{"ZRANGE", prefix_ + "state:" + state, "0", "-1"};
        RedisResult ids = co_await redis_.command(std::move(cmd));
        if (!ids.ok()) co_return redis_error(ids, "scan tasks");
        for (const auto& item : ids.reply.elements) {
            std::string id = item.str;
            auto raw = co_await raw_task(std::move(id));
            if (!raw) co_return raw.error();
            if (!raw.value()) continue;
            RawTask& t = *raw.value();
            const auto phone = t.fields.find("phone");
            if (phone != t.fields.end() && phone->second == e164) {
                own_ids.insert(t.id);
                scan.own.push_back(std::move(t));
                continue;
            }
            bool quotes = false;
            for (const auto& [name, value] : t.fields) quotes = quotes || redacted(value, e164) != value;
            for (const auto& line : t.history) quotes = quotes || redacted(line, e164) != line;
            if (quotes) scan.quoting.push_back(std::move(t));
        }
    }
    // Idempotency keys name a task; those naming one of the number's tasks are its traces.
    const std::string idem = prefix_ + "idem:";
    std::string cursor = "0";
    do {
        std::vector<std::string> cmd{"SCAN", cursor, "MATCH", glob_literal(idem) + "*", "COUNT", "1000"};
        RedisResult r = co_await redis_.command(std::move(cmd));
        if (!r.ok() || r.reply.elements.size() != 2) co_return redis_error(r, "scan keys");
        cursor = r.reply.elements[0].str;
        for (const auto& key : r.reply.elements[1].elements) {
            std::vector<std::string> get{"GET", key.str};
            RedisResult v = co_await redis_.command(std::move(get));
            if (!v.ok()) co_return redis_error(v, "read key");
            if (!v.reply.is_nil() && own_ids.count(v.reply.str))
                scan.idempotency_keys[v.reply.str].push_back(key.str.substr(idem.size()));
        }
    } while (cursor != "0");
    std::vector<std::string> missed{"ZRANGE", prefix_ + "risk:missed", "0", "-1"};
    RedisResult m = co_await redis_.command(std::move(missed));
    if (!m.ok()) co_return redis_error(m, "read missed texts");
    for (const auto& item : m.reply.elements)
        if (auto text = missed_text_from_json(item.str); text && own_ids.count(text->task_id))
            scan.missed_texts.push_back(std::move(*text));
    co_return scan;
}

asio::awaitable<Result<NumberHolding>> Service::find_number(std::string e164) {
    auto scan = co_await scan_number(e164);
    if (!scan) co_return scan.error();
    NumberHolding out;
    auto task_of = [](const RawTask& raw) -> std::optional<Task> {
        auto t = task_from_fields(raw.fields);
        if (!t) return std::nullopt;
        for (const auto& line : raw.history)
            if (auto h = history_from_json_text(line)) t->history.push_back(std::move(h.value()));
        return std::move(t.value());
    };
    for (const auto& raw : scan->own)
        if (auto t = task_of(raw)) out.tasks.push_back(std::move(*t));
    for (const auto& raw : scan->quoting)
        if (auto t = task_of(raw)) out.quoted_in.push_back(std::move(*t));
    for (auto& [id, keys] : scan->idempotency_keys)
        for (auto& k : keys) out.idempotency_keys.push_back(std::move(k));
    out.missed_texts = std::move(scan->missed_texts);
    co_return out;
}

asio::awaitable<Result<bool>> Service::redact_task(std::string id, const std::string& e164) {
    for (int round = 0; round < 3; ++round) {
        std::string task_id = id;
        auto raw = co_await raw_task(std::move(task_id));
        if (!raw) co_return raw.error();
        if (!raw.value()) co_return false;
        const RawTask& t = *raw.value();
        std::vector<std::string> args{id};
        auto change = [&](const char* kind, std::string at, const std::string& before) {
            std::string after = redacted(before, e164);
            if (after == before) return;
            args.insert(args.end(), {kind, std::move(at), before, std::move(after)});
        };
        for (const auto& [name, value] : t.fields) change("field", name, value);
        for (std::size_t i = 0; i < t.history.size(); ++i) change("hist", std::to_string(i), t.history[i]);
        if (args.size() == 1) co_return false;
        RedisResult r = co_await run(lua::redact, "system", std::move(args));
        if (!r.ok()) co_return redis_error(r, "redact");
        const std::string& status = status_of(r.reply);
        if (status == "ok") co_return true;
        if (status == "not_found") co_return false;
    }
    co_return make_error(Errc::conflict, "a task kept changing while the number was removed; try again");
}

asio::awaitable<Result<NumberErased>> Service::erase_number(std::string e164, std::string actor,
                                                            std::string reason) {
    if (actor.empty() || actor.size() > 100)
        co_return make_error(Errc::invalid_input, "actor must be a short name", "actor");
    auto scan = co_await scan_number(e164);
    if (!scan) co_return scan.error();
    NumberErased out;
    for (const auto& t : scan->own) {
        std::vector<std::string> args{t.id, e164, from_list(Action::cancel),
                                      to_string(rule(Action::cancel).to), reason};
        for (const auto& k : scan->idempotency_keys[t.id]) args.push_back(k);
        RedisResult r = co_await run(lua::erase, actor, std::move(args));
        if (!r.ok()) co_return redis_error(r, "erase");
        // not_found or changed: gone, or no longer this number's task since the walk.
        if (status_of(r.reply) != "ok") continue;
        ++out.tasks_erased;
        out.tasks_cancelled += count_at(r.reply, 1);
        out.notes += count_at(r.reply, 2);
        out.idempotency_keys += count_at(r.reply, 3);
        out.repeat_contact_index += count_at(r.reply, 4);
        out.missed_texts += count_at(r.reply, 5);
        // A spelling left in a field the erasure keeps (a referral, a history detail).
        auto rest = co_await redact_task(t.id, e164);
        if (!rest) co_return rest.error();
    }
    for (const auto& t : scan->quoting) {
        auto done = co_await redact_task(t.id, e164);
        if (!done) co_return done.error();
        if (done.value()) ++out.tasks_redacted;
    }
    co_return out;
}

}  // namespace advieslijn::callbacks
