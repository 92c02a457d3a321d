#pragma once
// SMS/WhatsApp conversation steps. Pure: contact/ keeps the state per sender in Redis with a
// TTL and performs the effects. (The web chat's steps are in routing/chat.hpp.)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routing/decision.hpp"
#include "routing/effects.hpp"
#include "routing/prompts.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"

namespace advieslijn::routing {

struct MessagingContext {
    const TenantDirectory& tenants;
    const RiskDetector& risk;
    const Prompts& prompts;
    KbSearch kb;
    std::size_t max_sms_chars = 1200;  // Twilio splits longer bodies; keep a reply readable
    AnswerCache* answers = nullptr;    // decisions of everyday questions asked before; may be null
};

// After a task is confirmed, the family's terms are asked one message at a time
// (docs/callbacks.md, "Safe callbacks"): the task already exists with the cautious defaults,
// so a family that stops answering is still called back.
// The order asked: voicemail, announce, times, alt_number, note (values are stored: new
// steps go at the end).
enum class SmsTermsStep { none, voicemail, announce, note, times, alt_number };

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
    // The terms of the task just confirmed, as stored; the question being asked.
    std::string task_id;
    SmsTermsStep terms_step = SmsTermsStep::none;
    bool voicemail = false;
    bool announce_cjg = false;
    std::string window = "any";  // any, morning, afternoon, evening
    bool no_weekend = false;
    std::string alt_phone;  // E.164
    std::string terms_note;
    std::int64_t last_at_ms = 0;  // when the last message arrived (Unix ms); 0: unknown
};

// A terms question unanswered this long is dropped: a message after it is a new question,
// not an answer (a family that comes back the next evening must not have its question taken
// as "no voicemail").
inline constexpr std::int64_t sms_terms_answer_ms = 30 * 60 * 1000;
// The stored form in Redis (routing/record.hpp, as for voice calls); decode returns nullopt
// for anything that is not a state we wrote.
std::string encode_sms_state(const SmsState& s);
std::optional<SmsState> decode_sms_state(std::string_view stored);

struct SmsRequest {
    std::string message_sid;
    std::string from;
    std::string to;
    std::string body;
    std::int64_t at_ms = 0;  // when it arrived (Unix ms); 0: unknown
};

struct SmsStep {
    SmsState state;
    std::string twiml;                // empty while a task is pending
    std::optional<TaskRequest> task;  // create, then call sms_task_done
    std::optional<TermsUpdate> terms_update;  // store, then call sms_terms_done
    std::vector<FeedbackEvent> feedback;
    std::vector<KnowledgeGap> gaps;  // for the editors' knowledge-gap report
    std::vector<ContactCount> counts;  // a new thread, a routed question: for the statistics
    bool replay = false;   // same MessageSid again: answer twiml, store nothing
    bool refused = false;  // unknown dialed number
};
// POST /v1/twilio/messaging.
SmsStep sms_message(const MessagingContext& ctx, const std::optional<SmsState>& state,
                    const SmsRequest& req);
// A new task asks the terms next: voicemail, announcement, safe times, another number, a
// note; an urgent one only the
// note (its guidance comes first, the cautious defaults stay). A repeat contact joined to an
// open task asks nothing: its terms can only become more cautious.
SmsStep sms_task_done(const MessagingContext& ctx, SmsState state,
                      const std::optional<TaskCreated>& created);
// The reply once `update` was stored (`saved`) or not: the next question, or what the
// specialist will do (voicemail or not, how the call is announced).
SmsStep sms_terms_done(const MessagingContext& ctx, SmsState state, const TermsUpdate& update,
                       bool saved);
// An article as one SMS of at most ctx.max_sms_chars: title, text (cut at a sentence end when
// too long), links, "did this help?".
std::string article_sms(const MessagingContext& ctx, const ArticleRef& a, std::string_view lang);
// When the conversation state is unreachable, or Twilio calls the fallback URL: the reply
// for each of the tenant's languages is the emergency guidance when the text carries a risk
// signal in that language, then an apology with where to find help. Stores nothing.
std::string sms_unavailable(const MessagingContext& ctx, const SmsRequest& req);

}  // namespace advieslijn::routing
