#pragma once
// The phone conversation (Twilio voice) as a pure state machine, one state per CallSid.
//
// Per webhook the gateway verifies the signature, and contact/voice.cpp loads the state for
// CallSid (absent on the first call); calls voice_incoming / voice_gather / voice_status; if the step carries a
// `task`, create it (idempotency key included) and call voice_task_done with the result;
// store `state` (unless `replay`) with a TTL; perform `feedback`/`outcome`; answer `twiml`.
// Each gather and dial action URL carries `seq`, so a provider retry of a step already handled is
// recognised and answered with the same TwiML, and never creates a second task.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "routing/decision.hpp"
#include "routing/effects.hpp"
#include "routing/prompts.hpp"
#include "routing/risk.hpp"
#include "routing/tenants.hpp"
#include "routing/twilio_signature.hpp"

namespace advieslijn::routing {

struct VoiceConfig {
    std::string gather_path = "/v1/twilio/voice/gather";  // action URLs, relative to the call
    std::string dial_path = "/v1/twilio/voice/dial";      // the <Dial> action: how it ended
    std::map<std::string, std::string> hints;  // by language: speech_hints() below
    int question_timeout_s = 6;
    int key_timeout_s = 8;
    int number_timeout_s = 6;  // between digits: "1" alone must not wait long
    int dial_timeout_s = 30;   // ringing at the crisis partner before "no-answer"
};

// Speech recognition hints per language: the words of risk first (RiskDetector::
// speech_hints; the field testers found none), then `keywords` (the knowledge base's, at most
// 100 a language, so within Twilio's 500).
std::map<std::string, std::string> speech_hints(const RiskDetector& risk,
                                                const std::map<std::string, std::string>& keywords);

struct VoiceContext {
    const TenantDirectory& tenants;
    const RiskDetector& risk;
    const Prompts& prompts;
    KbSearch kb;
    VoiceConfig config;
    AnswerCache* answers = nullptr;  // decisions of everyday questions asked before; may be null
};

struct VoiceState {
    enum class Step {
        ask,             // waiting for the question (speech), or a language key of the menu
        after_answer,    // 1 helped, 2 call me back
        choosing,        // 1..3 picks an article, 0 call me back
        confirm_number,  // 1 confirms the caller's own number, or another number is typed
        enter_number,    // anonymous caller or retyping: digits then #
        confirm_typed,   // 1 confirms the typed number, 2 retypes
        ask_voicemail,   // the family's terms: 1 a voicemail may be left, 2 (or silence) not
        ask_announce,    // 1 we may say we are the CJG, 2 (or silence) a neutral announcement
        ask_window,      // when it is safe: 1 morning, 2 afternoon, 3 evening; else any time
        ask_weekend,     // 2 / "nee": not on Saturday or Sunday; else any day
        ask_alt_number,  // another number to try: digits then #; # alone or silence: none
        ask_note,        // anything to mind when calling, spoken; a key or silence: nothing
        offer_transfer,  // after crisis guidance: 1 / "ja" puts through, 2 / "nee" a callback
        transferring,    // <Dial> sent: waiting for its action (DialCallStatus)
        creating_task,   // waiting for voice_task_done
        done,
    };
    std::string call_sid;
    std::string tenant_id;
    std::string lang;
    std::string from;  // caller's number in E.164; empty when anonymous
    Step step = Step::ask;
    int seq = 0;                    // seq of the action URL in the TwiML last sent
    int silences = 0;               // consecutive steps without usable input
    int attempts = 0;               // unusable numbers typed
    bool language_offered = false;  // "for English press 9" still applies
    bool urgent = false;
    std::vector<std::string> risk_categories;
    std::string question;         // transcripts so far, capped
    std::string callback_number;  // typed or confirmed, E.164
    std::vector<ArticleRef> choices;
    std::string answered_article;
    std::string reference;
    bool task_created = false;
    std::string last_twiml;  // answered again for a retried step
    std::string transfer_to;      // the crisis partner or on-call number offered, E.164
    std::string transfer_status;  // DialCallStatus once the transfer ended ("completed": talked)
    bool voicemail = false;       // the family's terms, as keyed or said (silence: the cautious no)
    bool announce_cjg = false;
    std::string terms_note;       // as said: "bel niet als mijn man thuis is"
    std::string window = "any";   // the safe part of the day: any, morning, afternoon, evening
    bool no_weekend = false;
    std::string alt_phone;        // another number to try, E.164
};
std::string_view to_string(VoiceState::Step s);

// The stored form in Redis (routing/record.hpp); decode returns nullopt for anything that is
// not a state we wrote.
std::string encode_voice_state(const VoiceState& s);
std::optional<VoiceState> decode_voice_state(std::string_view stored);

struct VoiceRequest {
    std::string call_sid;
    std::string from;
    std::string to;
    std::string speech;  // SpeechResult
    std::string digits;  // Digits
    std::string call_status;
    std::string dial_status;  // DialCallStatus, on the <Dial> action
    std::optional<int> seq;  // from the action URL's query (?seq=N)

    static VoiceRequest from_form(const FormParams& params, std::optional<int> seq = {});
};

struct VoiceStep {
    VoiceState state;
    std::string twiml;                // empty while a task is pending, and for status
    std::optional<TaskRequest> task;  // create, then call voice_task_done
    std::vector<FeedbackEvent> feedback;
    std::vector<KnowledgeGap> gaps;  // for the editors' knowledge-gap report
    std::vector<ContactCount> counts;  // a new call, a routed question: for the statistics
    std::optional<CallOutcome> outcome;
    bool replay = false;   // a retried step: answer twiml, store nothing, perform nothing
    bool refused = false;  // unknown dialed number: answer twiml, store nothing, log it
};

// POST /v1/twilio/voice: greeting and the question prompt.
VoiceStep voice_incoming(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                         const VoiceRequest& req);
// POST /v1/twilio/voice/gather: the caller's speech or keys.
VoiceStep voice_gather(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                       const VoiceRequest& req);
// POST /v1/twilio/voice/dial: the <Dial> to a crisis partner ended. "completed" (they talked):
// goodbye, no task. Anything else (busy, no-answer, failed, canceled): the urgent callback.
VoiceStep voice_dial(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                     const VoiceRequest& req);
// After a step's TaskRequest: `created` is nullopt when the callbacks service failed.
VoiceStep voice_task_done(const VoiceContext& ctx, VoiceState state,
                          const std::optional<TaskCreated>& created);
// When a step cannot be taken (the conversation state is unreachable) or Twilio calls the
// number's fallback URL: an apology with where to find help, then a hang-up, in each of the
// tenant's languages (the caller's choice is in the state we cannot read), each preceded by
// the emergency guidance when the speech carries a risk signal in that language. Needs no
// state and stores nothing.
std::string voice_unavailable(const VoiceContext& ctx, const VoiceRequest& req);
// POST /v1/twilio/voice/status: the outcome for statistics; a caller who hung up after
// asking for a callback (number known) still gets the task.
VoiceStep voice_status(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                       const VoiceRequest& req);

}  // namespace advieslijn::routing
