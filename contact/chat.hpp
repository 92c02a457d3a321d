#pragma once
// The web chat's driver: where a chat message is answered. Per operation it reads the session
// (and counts the rate limits in the same round trip), takes routing's step
// (routing/chat.hpp), and appends the exchange to the transcript. The gateway parses the
// HTTP or WebSocket request, checks the input's form and renders the result.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "contact/conversation_store.hpp"
#include "contact/knowledge_gaps.hpp"
#include "contact/statistics.hpp"
#include "routing/chat.hpp"

namespace advieslijn::contact {

struct ChatLimits {
    int messages_per_minute_per_session = 20;
    int requests_per_minute_per_address = 120;
};

// Why an operation was refused; `status` is the HTTP status the gateway answers with.
struct ChatRefusal {
    int status = 503;
    std::string code;
    std::string message;
    int retry_after = 0;                    // seconds, with 429
    std::optional<routing::ChatReply> urgent;  // the emergency guidance, when Redis is down
    // When Redis is down: the knowledge base's answer or choices, which need no session
    // (no "did this help?": feedback cannot be kept now).
    std::optional<routing::ChatReply> reply;
};

struct ChatOpened {
    std::string session_id;
    const Tenant* tenant = nullptr;
    routing::ChatStart start;      // lang, greeting, quick replies, privacy note
    nlohmann::json messages;       // resume: the transcript so far, answers in full
};

// From a chat transcript (ConversationStore::chat_messages): the visitor's last typed question
// before a reply that answered with `article` or offered it; empty when there is none.
std::string question_answered_with(const nlohmann::json& messages, std::string_view article);
// The visitor's last typed question when the line's reply to it gave no answer (a handoff or
// choices); empty otherwise (answered, urgent, or nothing typed).
std::string unanswered_question(const nlohmann::json& messages);
// What the visitor typed, in order (picked articles left out).
std::vector<std::string> visitor_texts(const nlohmann::json& messages);

template <typename T>
using ChatResult = std::variant<T, ChatRefusal>;

class ChatConversations {
public:
    ChatConversations(ConversationStore& store, Statistics& stats, KnowledgeGaps& gaps,
                      routing::ChatContext ctx, ChatLimits limits)
        : store_(store), stats_(stats), gaps_(gaps), ctx_(std::move(ctx)), limits_(limits) {}

    // `remote` is the client's address (for the per-address limit); `origin` the browser's
    // cross-origin Origin, or empty for same-origin and non-browser calls. For `message`,
    // `site_key` and `lang` (optional, from the widget) let the line answer from the knowledge
    // base when the session cannot be read because Redis is down.
    asio::awaitable<ChatResult<ChatOpened>> start(std::string site_key, std::string lang,
                                                  std::string remote, std::string origin);
    asio::awaitable<ChatResult<ChatOpened>> resume(std::string session_id, std::string origin);
    asio::awaitable<ChatResult<routing::ChatReply>> message(std::string session_id,
                                                            routing::ChatInput input,
                                                            std::string remote, std::string origin,
                                                            std::string site_key = {},
                                                            std::string lang_hint = {});
    // The quick exit: the session and its transcript are removed from Redis at once (a child
    // hiding the chat must not leave it readable there).
    asio::awaitable<std::optional<ChatRefusal>> end(std::string session_id, std::string origin);
    asio::awaitable<std::optional<ChatRefusal>> feedback(std::string session_id,
                                                         std::string article_id, bool helped,
                                                         std::string origin);

private:
    struct Open {
        const Tenant* tenant = nullptr;
        ConversationStore::ChatSession session;
        std::vector<long long> hits;
        std::optional<ChatRefusal> refused;
    };
    // `even_ended`: also a session past its idle time that is still kept (retention).
    asio::awaitable<Open> open(const std::string& id, const std::string& origin,
                               const std::string* remote = nullptr, bool even_ended = false);
    static std::string session_lang(const Open& o);
    // Redis is down: what the line can still say to `input` without a session. The tenant's
    // answer, choices or emergency guidance when `site_key` names a tenant this origin may
    // use; else the emergency guidance in every tenant's languages for a risk message.
    void answer_without_session(ChatRefusal& refused, const routing::ChatInput& input,
                                const std::string& site_key, const std::string& lang,
                                const std::string& origin) const;

    ConversationStore& store_;
    Statistics& stats_;
    KnowledgeGaps& gaps_;
    routing::ChatContext ctx_;
    ChatLimits limits_;
};

}  // namespace advieslijn::contact
