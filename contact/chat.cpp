#include "contact/chat.hpp"

#include <algorithm>
#include <chrono>

#include "common/rate_counter.hpp"

namespace advieslijn::contact {
namespace {

using nlohmann::json;

ChatRefusal unavailable() {
    return {503, "unavailable", "The chat is unavailable right now. Please call the advice line.", 0, {}};
}

ChatRefusal rate_limited(std::string message) {
    const auto wait = ConversationStore::chat_rate_window().seconds_left(std::chrono::system_clock::now());
    return {429, "rate_limited", std::move(message), static_cast<int>(wait.count()), {}};
}

// Walks a transcript: `on_reply(question, reply)` for each line reply, with the visitor's last
// typed text before it.
template <typename F>
void each_reply(const json& messages, F on_reply) {
    if (!messages.is_array()) return;
    std::string question;
    for (const auto& m : messages) {
        if (!m.is_object()) continue;
        if (m.value("from", "") == "visitor" && m.contains("text") && m["text"].is_string())
            question = m["text"].get<std::string>();
        else if (m.value("from", "") == "line" && m.contains("reply") && m["reply"].is_object())
            on_reply(question, m["reply"]);
    }
}

}  // namespace

std::string question_answered_with(const json& messages, std::string_view article) {
    std::string found;
    each_reply(messages, [&](const std::string& question, const json& reply) {
        bool shows = reply.contains("article") && reply["article"].value("id", "") == article;
        if (reply.contains("articles") && reply["articles"].is_array())
            for (const auto& a : reply["articles"])
                shows = shows || (a.is_object() && a.value("id", "") == article);
        if (shows && !question.empty()) found = question;
    });
    return found;
}

std::vector<std::string> visitor_texts(const json& messages) {
    std::vector<std::string> out;
    if (!messages.is_array()) return out;
    for (const auto& m : messages)
        if (m.is_object() && m.value("from", "") == "visitor" && m.contains("text") && m["text"].is_string())
            out.push_back(m["text"].get<std::string>());
    return out;
}

std::string unanswered_question(const json& messages) {
    std::string last;
    each_reply(messages, [&](const std::string& question, const json& reply) {
        const std::string type = reply.value("type", "");
        last = type == "handoff" || type == "choices" ? question : std::string{};
    });
    return last;
}

// Sessions are created with their language; a session without one speaks the tenant's first.
std::string ChatConversations::session_lang(const Open& o) {
    return o.session.lang.empty() ? o.tenant->languages.front() : o.session.lang;
}

asio::awaitable<ChatConversations::Open> ChatConversations::open(const std::string& id,
                                                                 const std::string& origin,
                                                                 const std::string* remote,
                                                                 bool even_ended) {
    Open out;
    auto loaded = co_await store_.chat_load(id, remote);
    if (loaded.found == ConversationStore::Found::unavailable) {
        out.refused = unavailable();
        co_return out;
    }
    out.session = std::move(loaded.session);
    out.hits = std::move(loaded.hits);
    // An ended session that is still kept (retention beyond the idle time) is over for the
    // visitor, as if it had expired.
    const bool open = loaded.found == ConversationStore::Found::yes && (!loaded.ended || even_ended);
    if (open) out.tenant = ctx_.tenants.by_id(out.session.tenant);
    // Another site's session is treated as one that does not exist.
    if (!out.tenant || !out.tenant->allows_origin(origin))
        out.refused = ChatRefusal{404, "session_expired",
                                  "This conversation has ended. Please start a new one.", 0, {}};
    co_return out;
}

asio::awaitable<ChatResult<ChatOpened>> ChatConversations::start(std::string site_key,
                                                                 std::string lang,
                                                                 std::string remote,
                                                                 std::string origin) {
    routing::ChatStart start = routing::chat_start(ctx_, site_key, lang);
    if (!start.tenant) co_return ChatRefusal{404, "unknown_site_key", "Unknown site key.", 0, {}};
    if (!start.tenant->allows_origin(origin))
        co_return ChatRefusal{403, "origin_not_allowed", "This site may not use this advice line.", 0, {}};
    const auto hits = co_await store_.count_chat_start(start.tenant->id, remote);
    if (!hits) co_return unavailable();
    if (*hits > limits_.requests_per_minute_per_address)
        co_return rate_limited("Too many requests; please wait a moment.");
    ChatOpened out;
    out.session_id = ConversationStore::new_chat_id(start.tenant->id);
    out.tenant = start.tenant;
    const json first = {{"from", "line"}, {"text", start.greeting}};
    const ConversationStore::ChatSession session{start.tenant->id, start.lang, {}, {}};
    if (!co_await store_.chat_create(out.session_id, session, first)) co_return unavailable();
    const std::vector<routing::ContactCount> opened{routing::contact_started(start.tenant->id, "chat", start.lang)};
    co_await stats_.record(opened);
    out.start = std::move(start);
    co_return out;
}

asio::awaitable<ChatResult<ChatOpened>> ChatConversations::resume(std::string id, std::string origin) {
    auto open_session = co_await open(id, origin);
    if (open_session.refused) co_return std::move(*open_session.refused);
    const Tenant& tenant = *open_session.tenant;
    auto messages = co_await store_.chat_messages(id);
    if (!messages) co_return unavailable();
    ChatOpened out;
    out.session_id = id;
    out.tenant = &tenant;
    out.start = routing::chat_resume(ctx_, tenant, open_session.session.lang);
    const routing::ChatSession session{tenant.id, out.start.lang};
    for (auto& m : *messages) {
        if (!m.contains("reply") || !m["reply"].contains("article")) continue;
        const auto step = routing::chat_step(ctx_, tenant, session,
                                             {"", m["reply"]["article"].value("id", "")});
        if (step.reply) m["reply"] = routing::to_json(*step.reply);
    }
    out.messages = std::move(*messages);
    co_return out;
}

void ChatConversations::answer_without_session(ChatRefusal& refused, const routing::ChatInput& input,
                                               const std::string& site_key, const std::string& lang,
                                               const std::string& origin) const {
    const Tenant* tenant = site_key.empty() ? nullptr : ctx_.tenants.by_site_key(site_key);
    if (tenant && tenant->allows_origin(origin)) {
        const std::string chosen = routing::chat_resume(ctx_, *tenant, lang).lang;
        // No transcript to read a follow-up with: the message stands on its own.
        routing::ChatStep step = routing::chat_step(ctx_, *tenant, {tenant->id, chosen, std::string()}, input);
        if (!step.reply) return;
        switch (step.reply->type) {
            case routing::ChatReply::Type::urgent:
                refused.urgent = std::move(step.reply);
                return;
            case routing::ChatReply::Type::answer:
                step.reply->prompt.clear();  // no "did this help?": it could not be kept
                refused.reply = std::move(step.reply);
                return;
            case routing::ChatReply::Type::choices:
                refused.reply = std::move(step.reply);
                return;
            case routing::ChatReply::Type::handoff:
                return;  // a callback cannot be taken now: the outage notice says whom to call
        }
    }
    if (!input.text.empty()) refused.urgent = routing::chat_guidance_without_session(ctx_, input.text);
}

asio::awaitable<ChatResult<routing::ChatReply>> ChatConversations::message(
    std::string id, routing::ChatInput input, std::string remote, std::string origin,
    std::string site_key, std::string lang_hint) {
    // The session and both rate counters in one round trip; nothing is counted for a session
    // that does not exist.
    auto open_session = co_await open(id, origin, &remote);
    if (open_session.refused) {
        // Redis is down, but neither the risk check nor the knowledge base needs it: someone in
        // danger still reads where to find help, and a question the articles answer is
        // answered, next to the error.
        if (open_session.refused->status == 503)
            answer_without_session(*open_session.refused, input, site_key, lang_hint, origin);
        co_return std::move(*open_session.refused);
    }
    const auto& hits = open_session.hits;
    if (hits.size() != 2) co_return unavailable();
    if (hits[0] > limits_.messages_per_minute_per_session ||
        hits[1] > limits_.requests_per_minute_per_address)
        co_return rate_limited("You are sending messages very quickly; please wait a moment.");

    const Tenant& tenant = *open_session.tenant;
    // The widget's language switch: a message sent in another language the tenant offers is
    // answered in it, and the session keeps it (its later steps, feedback and form follow).
    // Before, the labels changed and the answers stayed in the first language (a tester's
    // finding). A code the tenant does not offer changes nothing.
    std::string lang = session_lang(open_session);
    std::string switched;
    if (!lang_hint.empty() && lang_hint != lang && routing::TenantDirectory::offers(tenant, lang_hint))
        lang = switched = lang_hint;
    routing::ChatSession session{tenant.id, lang, std::nullopt};
    routing::ChatStep step = routing::chat_step(ctx_, tenant, session, input);
    if (step.wants_previous) {
        // A short message that may follow up the one before: the transcript's last visitor
        // message (one more round trip, only for such messages).
        const auto messages = co_await store_.chat_messages(id);
        const auto texts = messages ? visitor_texts(*messages) : std::vector<std::string>{};
        session.previous_question = texts.empty() ? std::string() : texts.back();
        step = routing::chat_step(ctx_, tenant, session, input);
    }
    if (!step.reply) co_return ChatRefusal{400, "invalid_input", "Unknown article_id.", 0, {}};
    // The transcript's two lines, written as text (as the answer is: docs/benchmarks.md).
    std::vector<std::string> exchange(2);
    JsonWriter visitor(exchange[0]);
    visitor.begin_object().field("from", "visitor");
    if (input.article_id.empty()) visitor.field("text", input.text);
    else visitor.field("article_id", input.article_id);
    visitor.end_object();
    JsonWriter line(exchange[1]);
    line.begin_object().field("from", "line").key("reply");
    routing::write_json(line, *step.reply, /*transcript=*/true);
    line.end_object();
    // The transcript, then the knowledge gaps and counts of this message, in one round trip:
    // each round trip costs the I/O thread about as much as the routing step (issue 19). The
    // counts are written even when the append finds the session gone: the question was taken
    // and answered, as a contact is counted when Redis is down (Statistics::writes).
    const std::string conversation = "chat:" + id;
    std::vector<RedisCall> counted = gaps_.writes(step.gaps, conversation);
    for (auto& c : stats_.writes(step.counts)) counted.push_back(std::move(c));
    if (!co_await store_.chat_append(tenant.id, id, exchange, step.reply->risk_categories, step.shown,
                                     switched, std::move(counted)))
        co_return unavailable();
    co_return std::move(*step.reply);
}

asio::awaitable<std::optional<ChatRefusal>> ChatConversations::end(std::string id,
                                                                   std::string origin) {
    // The quick exit removes a session that ended but is still kept, too.
    auto open_session = co_await open(id, origin, nullptr, /*even_ended=*/true);
    if (open_session.refused) co_return std::move(open_session.refused);
    if (!co_await store_.chat_end(id)) co_return unavailable();
    co_return std::nullopt;
}

asio::awaitable<std::optional<ChatRefusal>> ChatConversations::feedback(std::string id,
                                                                        std::string article,
                                                                        bool helped,
                                                                        std::string origin) {
    auto open_session = co_await open(id, origin);
    if (open_session.refused) co_return std::move(open_session.refused);
    const auto& offered = open_session.session.articles;
    if (std::find(offered.begin(), offered.end(), article) == offered.end())
        co_return ChatRefusal{400, "invalid_input",
                              "Feedback is only for an article this conversation showed.", 0, {}};
    const std::string lang = session_lang(open_session);
    const routing::FeedbackEvent event{open_session.tenant->id, lang, article, routing::Channel::chat,
                                       helped};
    if (!co_await stats_.record_feedback(event)) co_return unavailable();
    if (!helped) {
        // For the editors: the question this article did not answer.
        const auto messages = co_await store_.chat_messages(id);
        if (messages) {
            const routing::KnowledgeGap gap{open_session.tenant->id, lang, routing::Channel::chat,
                                            routing::KnowledgeGap::Source::not_helped,
                                            question_answered_with(*messages, article)};
            const std::string conversation = "chat:" + id;
            co_await gaps_.record(gap, conversation);
        }
    }
    co_return std::nullopt;
}

}  // namespace advieslijn::contact
