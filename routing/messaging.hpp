#pragma once
// Chat (web widget) and SMS/WhatsApp conversation steps. Pure: the gateway keeps the state
// (chat per session id, SMS per From) in Redis with a TTL and performs the effects.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routing/decision.hpp"
#include "routing/effects.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::routing {

struct MessagingContext {
    const TenantDirectory& tenants;
    const RiskDetector& risk;
    KbSearch kb;
    std::size_t max_sms_chars = 1200;  // Twilio splits longer bodies; keep a reply readable
};

struct ChatReply {
    // `message`: a plain acknowledgement ("glad it helped") outside the four routing types.
    enum class Type { answer, choices, handoff, urgent, message };
    Type type = Type::handoff;
    std::optional<ArticleRef> article;         // answer
    std::vector<ArticleRef> articles;          // choices
    std::string text;                          // the main text to show
    std::string prompt;                        // follow-up line ("Heeft dit je geholpen?")
    std::vector<std::string> risk_categories;  // urgent
};
std::string_view to_string(ChatReply::Type t);
// {"type":"answer","article":{"id","title","text","links"},"prompt":…} and so on, as the
// chat API and the WebSocket send it.
nlohmann::json to_json(const ChatReply& r);

struct ChatState {
    std::string tenant_id;
    std::string lang;
    std::vector<ArticleRef> choices;  // the last choices offered: "1"/"2"/"3" or an id picks
    std::string answered_article;     // the last answer: "ja"/"nee" is feedback on it
    bool urgent = false;
    std::vector<std::string> risk_categories;
    int turns = 0;
    bool urgent_task_requested = false;
};
std::string chat_state_to_json(const ChatState& s);
std::optional<ChatState> chat_state_from_json(std::string_view json);

struct ChatStart {
    const Tenant* tenant = nullptr;  // null: unknown site key (answer 404/403)
    ChatState state;
    std::string greeting;
};
// POST /v1/chat/sessions {"site_key","lang"}.
ChatStart chat_start(const MessagingContext& ctx, std::string_view site_key,
                     std::string_view requested_lang);

struct ChatStep {
    ChatState state;
    ChatReply reply;
    std::vector<FeedbackEvent> feedback;
    std::optional<TaskRequest> task;  // urgent with a number typed in the chat
};
// POST /v1/chat/sessions/{id}/messages {"text"}. `session_id` builds idempotency keys.
ChatStep chat_message(const MessagingContext& ctx, ChatState state, std::string_view session_id,
                      std::string_view text);
// Explicit "did this help?" buttons in the widget.
std::optional<FeedbackEvent> chat_feedback(const ChatState& state, bool helped);

struct SmsState {
    std::string tenant_id;
    std::string lang;
    std::string from;            // E.164 (the channel prefix removed)
    std::string channel_prefix;  // "whatsapp:" or empty, to answer on the same channel
    std::vector<ArticleRef> choices;
    std::string answered_article;
    bool offered_callback = false;
    bool urgent = false;
    std::vector<std::string> risk_categories;
    std::string question;
    std::string last_message_sid;  // a retried webhook gets the same reply
    std::string last_twiml;
    std::string reference;
};
std::string sms_state_to_json(const SmsState& s);
std::optional<SmsState> sms_state_from_json(std::string_view json);

struct SmsRequest {
    std::string message_sid;
    std::string from;
    std::string to;
    std::string body;
};

struct SmsStep {
    SmsState state;
    std::string twiml;                // empty while a task is pending
    std::optional<TaskRequest> task;  // create, then call sms_task_done
    std::vector<FeedbackEvent> feedback;
    bool replay = false;   // same MessageSid again: answer twiml, store nothing
    bool refused = false;  // unknown dialed number
};
// POST /v1/twilio/messaging.
SmsStep sms_message(const MessagingContext& ctx, const std::optional<SmsState>& state,
                    const SmsRequest& req);
SmsStep sms_task_done(const MessagingContext& ctx, SmsState state,
                      const std::optional<TaskCreated>& created);
// When the conversation state is unreachable, or Twilio calls the fallback URL: the reply
// for each of the tenant's languages is the emergency guidance when the text carries a risk
// signal in that language, then an apology with where to find help. Stores nothing.
std::string sms_unavailable(const MessagingContext& ctx, const SmsRequest& req);

}  // namespace advieslijn::routing
