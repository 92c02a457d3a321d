#pragma once
// Where conversations live between two steps, so that any gateway instance can take the
// next one: every Redis key, TTL and script of a conversation's state is in this file.
// Every key carries its tenant's hash tag ({T}), so a tenant's keys and each script's keys
// share one Redis Cluster slot. Each key's TTL is its tenant's retention (ConversationTtls,
// from RetentionSettings), renewed by every step:
//   voice:{T}:call:<CallSid>         a call's state (routing/voice.hpp), voice_call_hours (2)
//   sms:{T}:<From>                   a texter's thread (routing/messaging.hpp), sms_thread_hours (24)
//   chat:{T}:session:<token>         a chat session (id "<T>.<token>"): hash of tenant, lang,
//                                    risk_flags, articles, last (ms of the last message),
//                                    chat_session_minutes (30)
//   chat:{T}:session:<token>:messages  its transcript (JSON objects), chat_transcript_minutes (30)
//   rl:{T}:chat:session:<token>:<min>, rl:{T}:chat:addr:<address>:<min>
//                                    the chat's per-minute rate counters (per tenant)
//   rl:{T}:form:addr:<address>:<hour>  the callback form's hourly counter per address
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "callbacks/service.hpp"
#include "common/config.hpp"
#include "common/rate_counter.hpp"
#include "common/redis_client.hpp"

namespace advieslijn::contact {

struct ChatStoreLimits {
    // A session ends this long after its last message (chat.session_ttl_seconds); its keys
    // may be kept longer (ConversationTtls), for a callback request sent after the chat.
    std::chrono::seconds session_ttl{30 * 60};
    std::size_t max_messages_kept = 60;
    std::size_t max_articles_kept = 50;  // offered articles remembered for feedback
};

// How long one tenant's conversation keys live after the last step.
struct ConversationTtls {
    std::chrono::seconds voice{2 * 60 * 60};
    std::chrono::seconds sms{24 * 60 * 60};
    std::chrono::seconds chat_session{30 * 60};
    std::chrono::seconds chat_transcript{30 * 60};
};
ConversationTtls conversation_ttls(const RetentionSettings& retention);

class ConversationStore {
public:
    // `by_tenant`: each tenant's TTLs; a tenant not in it (or none) gets `defaults`.
    ConversationStore(RedisClient& redis, ChatStoreLimits chat = {}, ConversationTtls defaults = {},
                      std::map<std::string, ConversationTtls> by_tenant = {});

    const ConversationTtls& ttls(const std::string& tenant) const;

    // Voice, per CallSid. A first webhook nearly always starts a new call: `voice_start` stores
    // `state` only if the call has none (SET NX GET), one round trip instead of a read and a
    // write; a nil reply means it was stored, otherwise the reply holds the stored state.
    asio::awaitable<RedisResult> voice_start(const std::string& tenant, const std::string& call_sid,
                                             std::string state);
    asio::awaitable<RedisResult> voice_load(const std::string& tenant, const std::string& call_sid);
    asio::awaitable<RedisResult> voice_save(const std::string& tenant, const std::string& call_sid,
                                            std::string state);
    // voice_save's write, for a step that sends it with its other writes in one round trip.
    RedisCall voice_save_call(const std::string& tenant, const std::string& call_sid,
                              std::string state) const;

    // SMS/WhatsApp, per tenant and sender.
    asio::awaitable<RedisResult> sms_load(const std::string& tenant, const std::string& from);
    asio::awaitable<RedisResult> sms_save(const std::string& tenant, const std::string& from,
                                          std::string state);
    // sms_save's write, for a step that sends it with its other writes in one round trip.
    RedisCall sms_save_call(const std::string& tenant, const std::string& from, std::string state) const;
    // Sends the calls in one round trip (a step's state and what it counted); one result per
    // call, in order.
    asio::awaitable<std::vector<RedisResult>> write(std::vector<RedisCall> calls);

    // Chat sessions: a small hash and a list of messages, so a message costs an append, not a
    // rewrite of the whole conversation.
    struct ChatSession {
        std::string tenant;
        std::string lang;
        std::vector<std::string> risk_flags;
        std::vector<std::string> articles;  // offered or answered
    };
    enum class Found { yes, no, unavailable };
    // The session; with `count_rate`, the per-minute counters of the session and of `remote`
    // are counted in the same round trip (hits: session's, address's), and only when the
    // session exists. `ended`: kept, but idle longer than the chat's session_ttl, so closed
    // to the visitor (a callback request and an erasure still find it).
    struct Loaded {
        Found found = Found::no;
        ChatSession session;
        std::vector<long long> hits;
        bool ended = false;
    };
    asio::awaitable<Loaded> chat_load(const std::string& id, const std::string* remote = nullptr);
    asio::awaitable<bool> chat_create(const std::string& id, const ChatSession& session,
                                      const nlohmann::json& first);
    // Appends the messages (each one JSON object as text), merges flags and articles, and
    // renews the expiry (`tenant`'s TTLs); false when Redis failed or the session is gone.
    // `then` is written after it in the same round trip (what the message counted), whatever
    // the append's answer.
    asio::awaitable<bool> chat_append(const std::string& tenant, const std::string& id,
                                      const std::vector<std::string>& messages,
                                      const std::vector<std::string>& risk_flags,
                                      const std::vector<std::string>& articles,
                                      const std::string& lang = {},
                                      std::vector<RedisCall> then = {});
    asio::awaitable<std::optional<nlohmann::json>> chat_messages(const std::string& id);
    // Removes the session and its transcript at once (the widget's quick exit); false when
    // Redis failed.
    asio::awaitable<bool> chat_end(const std::string& id);
    // Counts one new chat of `tenant` from `remote` in this minute; nullopt when Redis failed.
    asio::awaitable<std::optional<long long>> count_chat_start(const std::string& tenant,
                                                               const std::string& remote);
    // The hourly callback-form limit of `remote` at `tenant` (at most `max` forms), for the
    // form's create to count against in its own round trip.
    static callbacks::CreateLimit form_limit(const std::string& tenant, const std::string& remote,
                                             long long max);
    static const RateWindow& form_rate_window();

    // Erasure and access on request (contact/privacy.hpp) walk the stored conversations with
    // SCAN; nullopt when Redis failed.
    struct Stored {
        std::string id;  // the key without its prefix: the sender as Twilio wrote it, a CallSid
        std::string value;
    };
    asio::awaitable<std::optional<std::vector<Stored>>> sms_threads(const std::string& tenant);
    asio::awaitable<std::optional<std::vector<Stored>>> voice_calls(const std::string& tenant);
    asio::awaitable<std::optional<std::vector<std::string>>> chat_ids(const std::string& tenant);
    asio::awaitable<bool> sms_erase(const std::string& tenant, const std::string& from);
    asio::awaitable<bool> voice_erase(const std::string& tenant, const std::string& call_sid);

    // The chat's rate limits count per minute in this window.
    static const RateWindow& chat_rate_window();

    // A new session identifier: "<tenant>.<32 hex characters from the system's CSPRNG>". The
    // tenant part names the keys' hash tag; an id without it (or with another tenant's part)
    // finds nothing.
    static std::string new_chat_id(const std::string& tenant);
    static bool valid_chat_id(const std::string& id);

private:
    // Every key matching `prefix` + "*" (the prefix taken literally), by SCAN.
    asio::awaitable<std::optional<std::vector<std::string>>> keys_under(const std::string& prefix);
    asio::awaitable<std::optional<std::vector<Stored>>> values_under(const std::string& prefix);

    RedisClient& redis_;
    ChatStoreLimits chat_;
    ConversationTtls defaults_;
    std::map<std::string, ConversationTtls> by_tenant_;
};

}  // namespace advieslijn::contact
