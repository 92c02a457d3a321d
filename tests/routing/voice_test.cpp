#include "routing/voice.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fixtures.hpp"
#include "routing/prompts.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;
using Step = VoiceState::Step;

namespace {

// Plays the gateway: keeps the state as JSON (as Redis would), performs task requests
// against a fake callbacks service that honours idempotency keys, and counts tasks.
Tenant demo_with(CrisisSettings crisis) {
    Tenant t = fixtures::demo_tenant();
    t.crisis = std::move(crisis);
    return t;
}

class Call {
  public:
    // `crisis`: the demo tenant's transfer config (none by default).
    // `risk`: the shipped lists and classifier by default.
    explicit Call(std::string from = "+31612345678", CrisisSettings crisis = {},
                  const RiskDetector& risk = fixtures::risk_detector())
        : dir_({demo_with(std::move(crisis)), fixtures::english_only_tenant()}),
          ctx_{dir_, risk, fixtures::prompts(), fixtures::fake_kb, {}},
          from_(std::move(from)) {
        ctx_.config.hints = {{"nl", "slapen, eten, huilen"}};
    }

    std::string incoming(const std::string& to = "+31880030060") {
        return finish(voice_incoming(ctx_, load(), request(to)));
    }
    std::string gather(std::string speech, std::string digits = "", std::optional<int> seq = {}) {
        auto req = request("+31880030060");
        req.speech = std::move(speech);
        req.digits = std::move(digits);
        req.seq = seq ? seq : (state() ? std::optional<int>(state()->seq) : std::nullopt);
        return finish(voice_gather(ctx_, load(), req));
    }
    // The <Dial> action: how the transfer ended.
    std::string dial(const std::string& dial_status, std::optional<int> seq = {}) {
        auto req = request("+31880030060");
        req.dial_status = dial_status;
        req.seq = seq ? seq : (state() ? std::optional<int>(state()->seq) : std::nullopt);
        return finish(voice_dial(ctx_, load(), req));
    }
    VoiceStep status(const std::string& call_status) {
        auto req = request("+31880030060");
        req.call_status = call_status;
        auto r = voice_status(ctx_, load(), req);
        if (r.task) perform(*r.task);
        gaps_.insert(gaps_.end(), r.gaps.begin(), r.gaps.end());
        return r;
    }

    // The family's terms after the number (voicemail?, announce as CJG?, when?, weekend?:
    // keys or silence; another number: typed or silence; anything to mind: said, or silence).
    std::string terms(std::string voicemail = "", std::string announce = "", std::string window = "",
                      std::string note = "", std::string weekend = "", std::string alt_number = "") {
        gather("", std::move(voicemail));
        gather("", std::move(announce));
        gather("", std::move(window));
        gather("", std::move(weekend));
        gather("", std::move(alt_number));
        return gather(std::move(note));
    }

    // A question the line cannot answer and the caller's own number confirmed: the terms next.
    void reach_terms() {
        incoming();
        gather("iets onbekends");
        gather("", "1");
    }

    std::optional<VoiceState> state() const { return load(); }
    int tasks_created() const { return static_cast<int>(tasks_.size()); }
    int task_requests() const { return task_requests_; }  // asked for, same key or not
    const TaskRequest& task() const { return tasks_.begin()->second; }
    const std::vector<FeedbackEvent>& feedback() const { return feedback_; }
    const std::vector<KnowledgeGap>& gaps() const { return gaps_; }
    bool last_refused = false;
    bool fail_next_task = false;

  private:
    VoiceRequest request(const std::string& to) const {
        VoiceRequest r;
        r.call_sid = "CA0001";
        r.from = from_;
        r.to = to;
        return r;
    }
    std::optional<VoiceState> load() const {
        if (stored_.empty()) return std::nullopt;
        auto s = decode_voice_state(stored_);
        EXPECT_TRUE(s) << "stored state does not parse";
        return s;
    }
    std::optional<TaskCreated> perform(const TaskRequest& t) {
        if (fail_next_task) {
            fail_next_task = false;
            return std::nullopt;
        }
        ++task_requests_;
        tasks_.emplace(t.idempotency_key, t);  // same key: same task
        return TaskCreated{"AB12"};
    }
    std::string finish(VoiceStep r) {
        last_refused = r.refused;
        gaps_.insert(gaps_.end(), r.gaps.begin(), r.gaps.end());
        if (r.task) {
            const auto created = perform(*r.task);
            r = voice_task_done(ctx_, r.state, created);
        }
        feedback_.insert(feedback_.end(), r.feedback.begin(), r.feedback.end());
        if (!r.replay && !r.refused) stored_ = encode_voice_state(r.state);
        return r.twiml;
    }

    TenantDirectory dir_;
    VoiceContext ctx_;
    std::string from_;
    std::string stored_;
    std::map<std::string, TaskRequest> tasks_;
    int task_requests_ = 0;
    std::vector<FeedbackEvent> feedback_;
    std::vector<KnowledgeGap> gaps_;
};

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

TEST(Voice, GreetingOffersEnglishAndAsksTheQuestion) {
    Call c;
    const auto xml = c.incoming();
    EXPECT_TRUE(has(xml, "Welkom bij de Advieslijn van CJG Demo."));
    EXPECT_TRUE(has(xml, "language=\"en-GB\">For English, press 9."));
    EXPECT_TRUE(has(xml, "<Gather input=\"speech dtmf\" action=\"/v1/twilio/voice/gather?seq=1\""));
    EXPECT_TRUE(has(xml, "language=\"nl-NL\""));
    EXPECT_TRUE(has(xml, "hints=\"slapen, eten, huilen\""));
    EXPECT_TRUE(has(xml, "<Redirect method=\"POST\">/v1/twilio/voice/gather?seq=1</Redirect>"));
}

TEST(Voice, UnknownNumberIsRefusedPolitely) {
    Call c;
    const auto xml = c.incoming("+31999999999");
    EXPECT_TRUE(c.last_refused);
    EXPECT_TRUE(has(xml, "112") || has(xml, "één één twee"));
    EXPECT_TRUE(has(xml, "<Hangup/>"));
    EXPECT_FALSE(c.state());
}

TEST(Voice, KeyNineSwitchesToEnglish) {
    Call c;
    c.incoming();
    const auto xml = c.gather("", "9");
    EXPECT_EQ(c.state()->lang, "en");
    EXPECT_TRUE(has(xml, "Please tell me in a few words"));
    EXPECT_TRUE(has(xml, "language=\"en-GB\""));
}

TEST(Voice, AnsweredQuestionThenHelped) {
    Call c;
    c.incoming();
    const auto xml = c.gather("mijn baby slaapt slecht");
    EXPECT_TRUE(has(xml, "Veel baby&apos;s worden &apos;s nachts nog wakker. Dat is normaal."));
    EXPECT_TRUE(has(xml, "Druk 1 als dit je heeft geholpen"));
    EXPECT_TRUE(has(xml, "numDigits=\"1\""));
    EXPECT_EQ(c.state()->step, Step::after_answer);
    const auto bye = c.gather("", "1");
    EXPECT_TRUE(has(bye, "<Hangup/>"));
    ASSERT_EQ(c.feedback().size(), 1u);
    EXPECT_TRUE(c.feedback()[0].helped);
    EXPECT_EQ(c.feedback()[0].article_id, "slapen-baby-doorslapen");
    EXPECT_EQ(c.tasks_created(), 0);
}

TEST(Voice, KeyTwoAfterAnswerLeadsToCallbackOnCallersNumber) {
    Call c;
    c.incoming();
    c.gather("mijn baby slaapt slecht");
    const auto confirm = c.gather("", "2");
    EXPECT_TRUE(has(confirm, "eindigend op 5 6 7 8"));
    EXPECT_TRUE(has(confirm, "finishOnKey=\"#\""));
    c.gather("", "1");
    EXPECT_EQ(c.tasks_created(), 0) << "the family's terms first";
    const auto done = c.terms();
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().phone, "+31612345678");
    EXPECT_EQ(c.task().idempotency_key, "voice:CA0001");
    EXPECT_EQ(c.task().question, "mijn baby slaapt slecht");
    EXPECT_FALSE(c.task().urgent);
    EXPECT_TRUE(has(done, "referentie is A B 1 2"));
    EXPECT_TRUE(has(done, "binnen 24 uur"));
    EXPECT_TRUE(has(done, "<Hangup/>"));
    EXPECT_FALSE(c.feedback().at(0).helped);
}

TEST(Voice, UnansweredQuestionGoesToCallbackWithAnotherTypedNumber) {
    Call c;
    c.incoming();
    const auto xml = c.gather("ik heb een vraag over de kinderopvangtoeslag");
    EXPECT_TRUE(has(xml, "Daar heb ik nu geen goed antwoord op."));
    const auto typed = c.gather("", "0201234567");
    EXPECT_TRUE(has(typed, "Je toetste 0 2 0 1 2 3 4 5 6 7"));
    c.gather("", "1");
    c.terms();
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().phone, "+31201234567");
}

TEST(Voice, AnonymousCallerMustTypeANumber) {
    Call c("anonymous");
    c.incoming();
    EXPECT_EQ(c.state()->from, "");
    const auto xml = c.gather("iets onbekends");
    EXPECT_TRUE(has(xml, "Toets het telefoonnummer"));
    EXPECT_EQ(c.state()->step, Step::enter_number);
    const auto bad = c.gather("", "123");
    EXPECT_TRUE(has(bad, "herken ik niet"));
    c.gather("", "0612345678");
    EXPECT_EQ(c.state()->step, Step::confirm_typed);
    c.gather("", "1");
    c.terms();
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().phone, "+31612345678");
}

// Before common/phone: a typed 0900 number became a callback number.
TEST(Voice, ATypedPremiumRateNumberIsNotACallbackNumber) {
    Call c("anonymous");
    c.incoming();
    c.gather("iets onbekends");
    const auto bad = c.gather("", "0900123456");
    EXPECT_TRUE(has(bad, "herken ik niet"));
    EXPECT_EQ(c.state()->step, Step::enter_number);
    c.gather("", "0201234567");
    c.gather("", "1");
    c.terms();
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().phone, "+31201234567");
}

TEST(Voice, AnonymousCallerWhoStaysSilentGetsNoTask) {
    Call c("");
    c.incoming();
    c.gather("iets onbekends");
    c.gather("");
    const auto xml = c.gather("");
    EXPECT_TRUE(has(xml, "We konden geen telefoonnummer noteren"));
    EXPECT_TRUE(has(xml, "<Hangup/>"));
    EXPECT_EQ(c.tasks_created(), 0);
}

TEST(Voice, SilenceTwiceLeadsToTheCallbackFlow) {
    Call c;
    c.incoming();
    const auto first = c.gather("");
    EXPECT_TRUE(has(first, "niet goed verstaan"));
    EXPECT_EQ(c.state()->step, Step::ask);
    const auto second = c.gather("");
    EXPECT_TRUE(has(second, "belt je graag terug"));
    EXPECT_EQ(c.state()->step, Step::confirm_number);
    // Silent again twice at the number: called back on their own number with the cautious
    // defaults, and no more questions (a caller who cannot speak heard two minutes of them).
    c.gather("");
    EXPECT_EQ(c.tasks_created(), 0);
    const auto done = c.gather("");
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_FALSE(has(done, "voicemail")) << done;
    EXPECT_FALSE(c.task().voicemail);
    EXPECT_FALSE(c.task().announce_cjg);
    EXPECT_EQ(c.task().phone, "+31612345678");
}

// A wrong key at "shall we call you back on this number?" is not a yes (a tester's finding):
// asked again, then asked for the number itself; the number typed then is the one called.
TEST(Voice, AWrongKeyAtTheNumberIsNotAYes) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");
    EXPECT_EQ(c.state()->step, Step::confirm_number);
    const auto again = c.gather("", "2");
    EXPECT_EQ(c.state()->step, Step::confirm_number);
    EXPECT_TRUE(has(again, "niet goed verstaan")) << again;
    EXPECT_TRUE(has(again, "eindigend op 5 6 7 8")) << again;
    const auto enter = c.gather("", "7");
    EXPECT_EQ(c.state()->step, Step::enter_number);
    EXPECT_TRUE(has(enter, "Toets het telefoonnummer")) << enter;
    c.gather("", "0687654321");
    EXPECT_EQ(c.state()->step, Step::confirm_typed);
    c.gather("", "1");
    c.terms();
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().phone, "+31687654321");
}

// The family's terms for the callback (docs/callbacks.md, "Safe callbacks"): one key each
// after the number; 1 is yes, 2 or silence the cautious no. A call that hangs up during them
// still gets its task, with what was keyed so far.
TEST(Voice, TheFamilysTermsAreAskedAfterTheNumberAndSilenceIsTheCautiousNo) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");
    const auto voicemail = c.gather("", "1");
    EXPECT_EQ(c.state()->step, Step::ask_voicemail);
    EXPECT_TRUE(has(voicemail, "voicemail inspreken? Druk 1 voor ja, of 2 voor nee."));
    const auto announce = c.gather("", "1");
    EXPECT_EQ(c.state()->step, Step::ask_announce);
    EXPECT_TRUE(has(announce, "Mogen we zeggen dat we van het CJG bellen?"));
    const auto window = c.gather("", "2");
    EXPECT_EQ(c.state()->step, Step::ask_window);
    EXPECT_TRUE(has(window, "Wanneer kunnen we je veilig bellen? Druk 1 voor de ochtend"));
    const auto weekend = c.gather("", "3");
    EXPECT_EQ(c.state()->step, Step::ask_weekend);
    EXPECT_TRUE(has(weekend, "Mogen we je ook op zaterdag en zondag bellen?"));
    EXPECT_TRUE(has(weekend, "hints=\"ja, nee\"")) << "a spoken yes or no is heard";
    const auto alt = c.gather("nee");
    EXPECT_EQ(c.state()->step, Step::ask_alt_number);
    EXPECT_TRUE(has(alt, "Is er nog een ander nummer"));
    EXPECT_TRUE(has(alt, "finishOnKey=\"#\""));
    const auto invalid = c.gather("", "0900123");
    EXPECT_EQ(c.state()->step, Step::ask_alt_number) << "a number we cannot call is asked again";
    EXPECT_TRUE(has(invalid, "dat telefoonnummer herken ik niet"));
    const auto note = c.gather("", "0201234567");
    EXPECT_EQ(c.state()->step, Step::ask_note);
    EXPECT_TRUE(has(note, "Is er iets waar we op moeten letten"));
    EXPECT_EQ(c.tasks_created(), 0);
    c.gather("");  // nothing to mind
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task().note, "");
    EXPECT_EQ(c.task().window, "evening");
    EXPECT_TRUE(c.task().no_weekend);
    EXPECT_EQ(c.task().alt_phone, "+31201234567");
    EXPECT_TRUE(c.task().voicemail);
    EXPECT_FALSE(c.task().announce_cjg);

    Call d;
    d.reach_terms();
    d.terms("2", "1", "9", "", "1", "");
    ASSERT_EQ(d.tasks_created(), 1);
    EXPECT_FALSE(d.task().voicemail);
    EXPECT_TRUE(d.task().announce_cjg);
    EXPECT_EQ(d.task().window, "any") << "another key is any time";
    EXPECT_FALSE(d.task().no_weekend) << "1 is: the weekend is fine";
    EXPECT_EQ(d.task().alt_phone, "") << "silence: no other number";

    // Silence at the weekend question keeps every day; a second unusable number is left out,
    // and the caller's own number is no other number.
    Call e;
    e.reach_terms();
    for (int i = 0; i < 4; ++i) e.gather("");  // voicemail, announce, window, weekend
    e.gather("", "12");
    EXPECT_EQ(e.state()->step, Step::ask_alt_number);
    e.gather("", "12");
    EXPECT_EQ(e.state()->step, Step::ask_note);
    e.gather("");
    ASSERT_EQ(e.tasks_created(), 1);
    EXPECT_FALSE(e.task().no_weekend);
    EXPECT_EQ(e.task().alt_phone, "");
    Call f;
    f.reach_terms();
    f.terms("", "", "", "", "", "0612345678");
    ASSERT_EQ(f.tasks_created(), 1);
    EXPECT_EQ(f.task().alt_phone, "") << "the number we call anyway";

    Call hung_up;
    hung_up.incoming();
    hung_up.gather("iets onbekends");
    hung_up.gather("", "1");
    hung_up.gather("", "1");  // voicemail yes, then gone
    const auto r = hung_up.status("completed");
    EXPECT_EQ(r.outcome->stage, "ask_announce");
    ASSERT_EQ(hung_up.tasks_created(), 1);
    EXPECT_EQ(hung_up.task().phone, "+31612345678");
    EXPECT_TRUE(hung_up.task().voicemail);
    EXPECT_FALSE(hung_up.task().announce_cjg);
}

// On the phone the terms may be said as well as keyed, and the note is said.
TEST(Voice, TheTermsCanBeSaidAndTheNoteIsWhatTheCallerSays) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");
    const auto voicemail = c.gather("", "1");
    EXPECT_TRUE(has(voicemail, "input=\"speech dtmf\"")) << voicemail;
    EXPECT_TRUE(has(voicemail, "hints=\"")) << "yes and no as speech hints";
    c.gather("nee liever niet");
    c.gather("ja hoor");
    c.gather("", "1");  // the morning
    c.gather("nee");    // not in the weekend
    c.gather("");       // no other number
    c.gather("Bel niet als mijn man thuis is.\nNa acht uur 's avonds is goed");
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_FALSE(c.task().voicemail);
    EXPECT_TRUE(c.task().announce_cjg);
    EXPECT_EQ(c.task().note, "Bel niet als mijn man thuis is. Na acht uur 's avonds is goed");
    EXPECT_EQ(c.task().window, "morning");
    EXPECT_TRUE(c.task().no_weekend);
    EXPECT_FALSE(c.task().urgent);

    // "Ja … nee": a no anywhere is a no.
    Call d;
    d.reach_terms();
    d.gather("ja nee toch niet");
    d.gather("", "2");
    for (int i = 0; i < 4; ++i) d.gather("");
    ASSERT_EQ(d.tasks_created(), 1);
    EXPECT_FALSE(d.task().voicemail);
    EXPECT_EQ(d.task().note, "");
}

TEST(Voice, ARiskPhraseInTheSpokenNoteMakesTheTaskUrgentWithGuidance) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");
    c.gather("", "1");
    c.gather("", "2");
    c.gather("", "2");
    for (int i = 0; i < 3; ++i) c.gather("");
    const auto done = c.gather("bel niet als hij thuis is, mijn man slaat de kinderen");
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    EXPECT_EQ(c.task().note, "bel niet als hij thuis is, mijn man slaat de kinderen");
    EXPECT_TRUE(has(done, "Veilig Thuis"));
    EXPECT_LT(done.find("Veilig Thuis"), done.find("referentie"));
}

// A concern phrase in the note ("niemand zou me missen") is no crisis text, but the task is
// high priority: a concern, as when it was said as the question.
TEST(Voice, AConcernPhraseInTheSpokenNoteMakesTheTaskAConcern) {
    Call c;
    c.reach_terms();
    c.terms("", "", "", "bel na school");
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().risk_categories.empty()) << "an everyday note, no flag";
    Call d;
    d.reach_terms();
    const auto done = d.terms("", "", "", "bel na school, ik heb soms het gevoel dat niemand me zou missen");
    ASSERT_EQ(d.tasks_created(), 1);
    EXPECT_FALSE(d.task().urgent);
    EXPECT_EQ(d.task().risk_categories, std::vector<std::string>{"concern:suicide_self_harm"});
    EXPECT_FALSE(has(done, "113")) << done;
}

TEST(Voice, TheTermsInEnglishAndInTheStoredState) {
    EXPECT_EQ(fixtures::prompts().ask_voicemail("en"),
              "If you do not answer, may we leave a voicemail? Press 1 for yes, or 2 for no.");
    EXPECT_TRUE(has(fixtures::prompts().ask_announce("en"), "calling from the CJG? Press 1 for yes."));
    VoiceState s;
    s.call_sid = "CA1";
    s.step = Step::ask_announce;
    s.voicemail = true;
    auto back = decode_voice_state(encode_voice_state(s));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->step, Step::ask_announce);
    EXPECT_TRUE(back->voicemail);
    EXPECT_FALSE(back->announce_cjg);
}

TEST(Voice, RiskReadsGuidanceAtOnceAndCreatesAnUrgentTask) {
    Call c;
    c.incoming();
    const auto xml = c.gather("mijn man slaat de kinderen");
    EXPECT_TRUE(has(xml, "Veilig Thuis"));
    EXPECT_TRUE(has(xml, "nul achthonderd, twee nul nul nul"));
    EXPECT_LT(xml.find("Veilig Thuis"), xml.find("referentie"));
    EXPECT_TRUE(has(xml, "zo snel mogelijk"));
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    EXPECT_EQ(c.task().risk_categories, std::vector<std::string>{"child_abuse"});
}

TEST(Voice, RiskFromAnAnonymousCallerAsksForANumberAfterTheGuidance) {
    Call c("anonymous");
    c.incoming();
    const auto xml = c.gather("ik wil niet meer leven");
    EXPECT_TRUE(has(xml, "één één drie"));
    EXPECT_TRUE(has(xml, "Toets dan nu je telefoonnummer"));
    EXPECT_EQ(c.tasks_created(), 0);
    c.gather("", "0612345678");
    c.gather("", "1");
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
}

TEST(Voice, TheSameStepDeliveredTwiceGivesTheSameTwimlAndOneTask) {
    Call c;
    const auto greeting = c.incoming();
    EXPECT_EQ(c.incoming(), greeting);  // retried first webhook
    const auto answer = c.gather("iets onbekends", "", 1);
    EXPECT_EQ(c.gather("iets onbekends", "", 1), answer);
    c.gather("", "1", 2);
    EXPECT_EQ(c.gather("", "1", 3), c.gather("", "1", 3)) << "a retried terms step";
    c.gather("", "2", 4);
    c.gather("", "", 5);
    c.gather("", "", 6);
    c.gather("", "", 7);
    const auto done = c.gather("", "", 8);
    EXPECT_EQ(c.tasks_created(), 1);
    const auto again = c.gather("", "", 8);
    EXPECT_EQ(again, done);
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.state()->step, Step::done);
}

TEST(Voice, AFailedTaskIsToldToTheCallerHonestly) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");
    c.gather("", "1", 2);
    c.gather("", "", 3);
    c.gather("", "", 4);
    c.gather("", "", 5);
    c.gather("", "", 6);
    c.gather("", "", 7);
    c.fail_next_task = true;
    const auto failed = c.gather("", "", 8);
    EXPECT_TRUE(has(failed, "niet gelukt"));
    EXPECT_TRUE(has(failed, "één één twee"));
    EXPECT_FALSE(has(failed, "referentie"));
    EXPECT_EQ(c.tasks_created(), 0);
}

TEST(Voice, ChoosingBetweenArticlesByKey) {
    Call c;
    c.incoming();
    const auto xml = c.gather("vragen over eten");
    EXPECT_TRUE(has(xml, "Druk 1 voor: Mijn peuter eet slecht."));
    EXPECT_TRUE(has(xml, "Druk 3 voor: Eten en pubers."));
    EXPECT_FALSE(has(xml, "Extra"));
    const auto read = c.gather("", "2");
    EXPECT_TRUE(has(read, "Fruit."));
    EXPECT_EQ(c.state()->answered_article, "eten-baby");
}

TEST(Voice, CallerTextIsEscapedInTwiml) {
    Call c;
    c.incoming();
    // The transcript is not echoed, but the article text and typed digits are; make sure a
    // hostile transcript never produces markup.
    const auto xml = c.gather("<Hangup/> & \"slaap\"");
    EXPECT_EQ(xml.find("<Hangup/> &"), std::string::npos);
    EXPECT_TRUE(has(xml, "Veel baby&apos;s"));
}

TEST(Voice, StatusRecordsAbandonedCallsAndKeepsTheCallbackPromise) {
    Call c;
    c.incoming();
    c.gather("iets onbekends");  // now confirming the number
    const auto r = c.status("completed");
    ASSERT_TRUE(r.outcome);
    EXPECT_EQ(r.outcome->outcome, "abandoned");
    EXPECT_EQ(r.outcome->stage, "confirm_number");
    EXPECT_EQ(c.tasks_created(), 1);  // asked for a callback, hung up before pressing 1

    Call d;
    d.incoming();
    d.gather("mijn baby slaapt slecht");
    d.gather("", "1");
    const auto ok = d.status("completed");
    EXPECT_EQ(ok.outcome->outcome, "completed");
    EXPECT_EQ(d.tasks_created(), 0);
}

TEST(Voice, StateRoundTripsAndRejectsGarbage) {
    Call c;
    c.incoming();
    c.gather("vragen over <eten> & \"drinken\"");
    const auto s = c.state();
    ASSERT_TRUE(s);
    const std::string stored = encode_voice_state(*s);
    const auto again = decode_voice_state(stored);
    ASSERT_TRUE(again);
    EXPECT_EQ(encode_voice_state(*again), stored);
    EXPECT_EQ(again->choices.size(), 3u);
    EXPECT_EQ(again->question, s->question);
    EXPECT_EQ(again->last_twiml, s->last_twiml);
    EXPECT_EQ(again->step, s->step);
    // Every truncation of a valid record is refused, as is anything after its last field.
    for (std::size_t n = 0; n < stored.size(); ++n)
        EXPECT_FALSE(decode_voice_state(stored.substr(0, n))) << "prefix of " << n << " bytes";
    EXPECT_FALSE(decode_voice_state(stored + "0:"));
    EXPECT_FALSE(decode_voice_state("voice9" + stored.substr(6)));
    EXPECT_FALSE(decode_voice_state("{}"));
    EXPECT_FALSE(decode_voice_state("not json"));
    EXPECT_FALSE(decode_voice_state(R"({"v":2})"));
}

TEST(Voice, FormToRequest) {
    const auto p = parse_form(
        "CallSid=CA9&From=%2B31612345678&To=%2B31880030060&SpeechResult=+hallo+&Digits=");
    ASSERT_TRUE(p);
    const auto r = VoiceRequest::from_form(*p, 3);
    EXPECT_EQ(r.call_sid, "CA9");
    EXPECT_EQ(r.speech, "hallo");
    EXPECT_EQ(r.seq, 3);
}

TEST(Voice, UnavailableLineApologisesInEveryLanguageWithGuidance) {
    TenantDirectory dir({fixtures::demo_tenant(), fixtures::english_only_tenant()});
    VoiceContext ctx{dir, fixtures::risk_detector(), fixtures::prompts(), fixtures::fake_kb, {}};
    VoiceRequest req;
    req.call_sid = "CA0001";
    req.from = "+31612345678";
    req.to = "+31880030060";
    // Whether the caller chose English is in the state that cannot be read: both languages,
    // each in its own voice, then the line hangs up; nothing is asked.
    const auto plain = voice_unavailable(ctx, req);
    EXPECT_TRUE(has(plain, "voice=\"Polly.Lotte\" language=\"nl-NL\">Sorry, door een technische storing"));
    EXPECT_TRUE(has(plain, "voice=\"Polly.Amy\" language=\"en-GB\">Sorry, because of a technical problem"));
    EXPECT_TRUE(has(plain, "één één twee"));
    EXPECT_TRUE(has(plain, "<Hangup/>"));
    EXPECT_FALSE(has(plain, "<Gather"));
    EXPECT_FALSE(has(plain, "Veilig Thuis"));
    // Speech with a risk signal gets the guidance first.
    req.speech = "mijn man slaat de kinderen";
    const auto risk = voice_unavailable(ctx, req);
    EXPECT_TRUE(has(risk, "nul achthonderd, twee nul nul nul"));
    EXPECT_LT(risk.find("Veilig Thuis"), risk.find("technische storing"));
    // An English-only tenant: English only; an unknown number: the usual refusal.
    req.speech.clear();
    req.to = "+31201234567";
    EXPECT_FALSE(has(voice_unavailable(ctx, req), "nl-NL"));
    req.to = "+31999999999";
    EXPECT_TRUE(has(voice_unavailable(ctx, req), "niet bekend"));
}

// A caller whose words only the knowledge base recognises as a crisis (the phrase lists miss
// them, and no classifier says they are calm) hears the guidance, not the article and "press 1
// if this helped", and gets an urgent task. With the classifier reading them calm, the caller
// is offered a callback instead, the article not read either.
TEST(Voice, ACrisisArticleIsNeverReadAsAnAnswer) {
    Call calm;
    calm.incoming();
    const auto offer = calm.gather("verdwijnen lijkt me het beste");
    EXPECT_FALSE(has(offer, "Druk 1 als dit je heeft geholpen")) << offer;
    EXPECT_FALSE(has(offer, "Bel 113.")) << offer;
    Call c("+31612345678", {}, fixtures::phrase_list_detector());
    c.incoming();
    const auto xml = c.gather("verdwijnen lijkt me het beste");
    EXPECT_FALSE(has(xml, "Druk 1 als dit je heeft geholpen")) << xml;
    EXPECT_TRUE(has(xml, "113")) << xml;
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    EXPECT_EQ(c.task().risk_categories, std::vector<std::string>{"suicide_self_harm"});
}

// The call's state is gone (expired, or lost with a Redis that restarted empty) when the caller
// says something: what they said is the question of the new conversation, not dropped for a
// second greeting. A risk phrase gets the guidance and the urgent task at once.
TEST(Voice, ARiskPhraseWithMissingStateIsNotDropped) {
    Call c;
    const auto xml = c.gather("mijn man slaat de kinderen");  // no incoming step before it
    EXPECT_TRUE(has(xml, "Veilig Thuis")) << xml;
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    EXPECT_EQ(c.task().risk_categories, std::vector<std::string>{"child_abuse"});
    Call calm;
    const auto answer = calm.gather("mijn baby slaapt slecht");
    EXPECT_TRUE(has(answer, "Druk 1 als dit je heeft geholpen")) << answer;
    Call silent;
    EXPECT_TRUE(has(silent.gather(""), "Welkom")) << "no speech: the greeting again";
}

// --- Put through to a crisis partner --------------------------------------------------------

namespace {

CrisisSettings dutch_partners() {
    CrisisSettings c;
    c.partners["suicide_self_harm"] = {"113 Zelfmoordpreventie",
                                       {{"nl", "113 Zelfmoordpreventie"}, {"en", "113 Suicide Prevention"}},
                                       "+318000113"};
    c.partners["child_abuse"] = {"Veilig Thuis", {}, "+318002000"};
    return c;
}

CrisisSettings on_call_only() {
    CrisisSettings c;
    c.on_call = "+31201112233";
    return c;
}

const std::string offer_veilig_thuis =
    "Druk 1 of zeg &apos;ja&apos; om nu doorverbonden te worden met Veilig Thuis.";
const std::string veilig_thuis_numbers = "nul achthonderd, twee nul nul nul";
const std::string helped = "Druk 1 als dit je heeft geholpen";

// Greeting, a risk phrase for Veilig Thuis, and 1: the <Dial> is out.
void put_through(Call& c) {
    c.incoming();
    c.gather("mijn man slaat de kinderen");
    c.gather("", "1");
    ASSERT_EQ(c.state()->step, Step::transferring);
}

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
}

}  // namespace

TEST(VoiceTransfer, ARiskPhraseGetsTheGuidanceThenTheOffer) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    const auto xml = c.gather("mijn man slaat de kinderen");
    EXPECT_TRUE(has(xml, veilig_thuis_numbers)) << xml;
    EXPECT_TRUE(has(xml, offer_veilig_thuis)) << xml;
    EXPECT_LT(xml.find(veilig_thuis_numbers), xml.find(offer_veilig_thuis));
    // Keys or speech ("ja"), one digit; the action is the next gather.
    EXPECT_TRUE(has(xml, "<Gather input=\"speech dtmf\" action=\"/v1/twilio/voice/gather?seq=2\""));
    EXPECT_TRUE(has(xml, "hints=\"ja, nee\"")) << xml;
    EXPECT_TRUE(has(xml, "numDigits=\"1\""));
    EXPECT_FALSE(has(xml, helped));
    EXPECT_FALSE(has(xml, "<Dial"));
    EXPECT_EQ(c.state()->step, Step::offer_transfer);
    EXPECT_EQ(c.state()->transfer_to, "+318002000");
    EXPECT_EQ(c.tasks_created(), 0) << "the task waits for the caller's choice";
}

TEST(VoiceTransfer, PressingOneOrSayingJaDialsThePartnerFromTheLinesNumber) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    c.gather("mijn man slaat de kinderen");
    const auto xml = c.gather("", "1");
    EXPECT_TRUE(has(xml, "Een moment, ik verbind je door met Veilig Thuis.")) << xml;
    EXPECT_TRUE(has(xml, "<Dial callerId=\"+31880030060\" action=\"/v1/twilio/voice/dial?seq=3\" "
                         "method=\"POST\" timeout=\"30\"><Number>+318002000</Number></Dial>"))
        << xml;
    EXPECT_FALSE(has(xml, "<Gather"));
    EXPECT_EQ(c.state()->step, Step::transferring);
    EXPECT_EQ(c.tasks_created(), 0);

    Call spoken("+31612345678", dutch_partners());
    spoken.incoming();
    spoken.gather("ik wil niet meer leven");
    const auto yes = spoken.gather("Ja, graag.");
    EXPECT_TRUE(has(yes, "<Number>+318000113</Number>")) << yes;
}

TEST(VoiceTransfer, APartnerWhoAnsweredNeedsNoCallbackTask) {
    Call c("+31612345678", dutch_partners());
    put_through(c);
    const auto bye = c.dial("completed");
    EXPECT_TRUE(has(bye, "Je kunt ons altijd weer bellen")) << bye;
    EXPECT_TRUE(has(bye, "<Hangup/>"));
    EXPECT_FALSE(has(bye, helped));
    EXPECT_EQ(c.tasks_created(), 0);
    EXPECT_EQ(c.state()->transfer_status, "completed");
    // The status callback records the transfer and still creates no task.
    const auto status = c.status("completed");
    ASSERT_TRUE(status.outcome);
    EXPECT_EQ(status.outcome->outcome, "transferred");
    EXPECT_EQ(c.tasks_created(), 0);
}

TEST(VoiceTransfer, ATransferThatDidNotConnectBecomesOneUrgentTask) {
    for (const std::string status : {"no-answer", "busy", "failed", "canceled", ""}) {
        Call c("+31612345678", dutch_partners());
        put_through(c);
        const auto xml = c.dial(status);
        EXPECT_TRUE(has(xml, "niet gelukt je door te verbinden met Veilig Thuis")) << status << xml;
        EXPECT_TRUE(has(xml, veilig_thuis_numbers)) << "the numbers once more";
        EXPECT_TRUE(has(xml, "referentie is A B 1 2"));
        EXPECT_TRUE(has(xml, "zo snel mogelijk"));
        EXPECT_TRUE(has(xml, "<Hangup/>"));
        ASSERT_EQ(c.tasks_created(), 1) << status;
        EXPECT_TRUE(c.task().urgent);
        EXPECT_EQ(c.task().phone, "+31612345678");
        EXPECT_EQ(c.task().risk_categories, std::vector<std::string>{"child_abuse"});
        EXPECT_EQ(c.state()->transfer_status, status.empty() ? "unknown" : status);
    }
}

TEST(VoiceTransfer, DecliningTheOfferGivesTheUrgentTask) {
    for (const auto& [speech, digits] :
         std::vector<std::pair<std::string, std::string>>{{"", "2"}, {"Nee, dank je.", ""}, {"ja nee", ""}}) {
        Call c("+31612345678", dutch_partners());
        c.incoming();
        c.gather("mijn man slaat de kinderen");
        const auto xml = c.gather(speech, digits);
        EXPECT_FALSE(has(xml, "<Dial")) << speech << digits;
        EXPECT_TRUE(has(xml, "referentie is A B 1 2")) << xml;
        ASSERT_EQ(c.tasks_created(), 1);
        EXPECT_TRUE(c.task().urgent);
        EXPECT_EQ(c.task().risk_categories, std::vector<std::string>{"child_abuse"});
    }
}

TEST(VoiceTransfer, RetriedRequestsAnswerTheSameAndCreateOneTask) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    const auto offer = c.gather("mijn man slaat de kinderen", "", 1);
    EXPECT_EQ(c.gather("mijn man slaat de kinderen", "", 1), offer);
    const auto dial = c.gather("", "1", 2);
    EXPECT_EQ(c.gather("", "1", 2), dial) << "Twilio retried the key press";
    const auto failed = c.dial("no-answer", 3);
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.dial("no-answer", 3), failed) << "Twilio retried the dial action";
    EXPECT_EQ(c.dial("completed", 3), failed) << "a late, different retry changes nothing";
    EXPECT_EQ(c.tasks_created(), 1);
    c.status("completed");
    EXPECT_EQ(c.tasks_created(), 1);
    EXPECT_EQ(c.task_requests(), 1) << "retries are answered from the state, not asked again";
    EXPECT_EQ(c.task().idempotency_key, "voice:CA0001");
}

TEST(VoiceTransfer, ARiskPhraseAfterChoicesOrWithoutStateGetsTheOfferToo) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    c.gather("vragen over eten");
    EXPECT_EQ(c.state()->step, Step::choosing);
    const auto xml = c.gather("mijn man slaat de kinderen");
    EXPECT_TRUE(has(xml, offer_veilig_thuis)) << xml;
    EXPECT_FALSE(has(xml, helped));

    Call lost("+31612345678", dutch_partners());
    const auto again = lost.gather("mijn man slaat de kinderen");  // no incoming step before it
    EXPECT_TRUE(has(again, veilig_thuis_numbers)) << again;
    EXPECT_TRUE(has(again, offer_veilig_thuis)) << again;
    EXPECT_TRUE(has(lost.gather("", "1"), "<Dial callerId=\"+31880030060\""));
}

TEST(VoiceTransfer, SilenceRepeatsTheNumbersOnceThenEndsWithThemAndTheTask) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    c.gather("mijn man slaat de kinderen");
    const auto first = c.gather("");
    EXPECT_TRUE(has(first, "niet goed verstaan"));
    EXPECT_EQ(count(first, veilig_thuis_numbers), 1u) << first;
    EXPECT_LT(first.find(veilig_thuis_numbers), first.find(offer_veilig_thuis));
    EXPECT_FALSE(has(first, "<Hangup/>"));
    EXPECT_EQ(c.tasks_created(), 0);
    const auto last = c.gather("");
    EXPECT_EQ(count(last, veilig_thuis_numbers), 1u) << last;
    EXPECT_LT(last.find(veilig_thuis_numbers), last.find("referentie"));
    EXPECT_TRUE(has(last, "<Hangup/>"));
    EXPECT_FALSE(has(last, helped));
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
}

TEST(VoiceTransfer, AnAnonymousCallerWhoseTransferFailedTypesANumber) {
    Call c("anonymous", dutch_partners());
    put_through(c);
    const auto ask = c.dial("busy");
    EXPECT_TRUE(has(ask, "niet gelukt je door te verbinden met Veilig Thuis")) << ask;
    EXPECT_TRUE(has(ask, "Toets dan nu je telefoonnummer"));
    EXPECT_EQ(c.tasks_created(), 0);
    c.gather("", "0612345678");
    const auto done = c.gather("", "1");
    EXPECT_FALSE(has(done, "niet gelukt")) << "told once";
    EXPECT_TRUE(has(done, veilig_thuis_numbers));
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    EXPECT_EQ(c.task().phone, "+31612345678");

    // Silent throughout: no number to call back, but the numbers before the line hangs up.
    Call silent("anonymous", dutch_partners());
    silent.incoming();
    silent.gather("mijn man slaat de kinderen");
    silent.gather("");
    silent.gather("");  // the offer lapses: type a number
    silent.gather("");
    const auto bye = silent.gather("");
    EXPECT_TRUE(has(bye, veilig_thuis_numbers)) << bye;
    EXPECT_TRUE(has(bye, "<Hangup/>"));
}

TEST(VoiceTransfer, WithoutPartnerOrOnCallThereIsNoOfferButStillTheUrgentTask) {
    Call c;  // the demo tenant without crisis config
    c.incoming();
    const auto xml = c.gather("mijn man slaat de kinderen");
    EXPECT_TRUE(has(xml, veilig_thuis_numbers));
    EXPECT_FALSE(has(xml, "doorverbonden")) << xml;
    EXPECT_FALSE(has(xml, "<Dial"));
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
    // Partners for other categories only: no offer either.
    CrisisSettings suicide_only;
    suicide_only.partners["suicide_self_harm"] = dutch_partners().partners["suicide_self_harm"];
    Call d("+31612345678", suicide_only);
    d.incoming();
    EXPECT_FALSE(has(d.gather("mijn man slaat de kinderen"), "doorverbonden"));
    EXPECT_EQ(d.tasks_created(), 1);
}

TEST(VoiceTransfer, TheOnCallSpecialistWhenNoCategoryHasAPartner) {
    Call c("+31612345678", on_call_only());
    c.incoming();
    const auto xml = c.gather("mijn man slaat de kinderen");
    EXPECT_TRUE(has(xml, "doorverbonden te worden met een specialist van CJG Demo.")) << xml;
    EXPECT_TRUE(has(c.gather("", "1"), "<Number>+31201112233</Number>"));
}

TEST(VoiceTransfer, AMedicalEmergencyIsToldToCall112NotPutThrough) {
    CrisisSettings crisis = dutch_partners();
    crisis.on_call = "+31201112233";
    Call c("+31612345678", crisis);
    c.incoming();
    const auto xml = c.gather("mijn baby ademt niet");
    EXPECT_TRUE(has(xml, "bel nu één één twee")) << xml;
    EXPECT_FALSE(has(xml, "doorverbonden"));
    EXPECT_FALSE(has(xml, "<Dial"));
    ASSERT_EQ(c.tasks_created(), 1);
    EXPECT_TRUE(c.task().urgent);
}

TEST(VoiceTransfer, TheOfferInEnglish) {
    Call c("+31612345678", dutch_partners());
    c.incoming();
    c.gather("", "9");
    const auto xml = c.gather("I don't want to live anymore");
    EXPECT_TRUE(has(xml, "Press 1 or say &apos;yes&apos; to be put through now to 113 Suicide "
                         "Prevention."))
        << xml;
    EXPECT_TRUE(has(xml, "hints=\"yes, no\""));
    EXPECT_TRUE(has(c.gather("yes please"), "I am putting you through to 113 Suicide Prevention"));
}

TEST(VoiceTransfer, StateKeepsTheTransferAndReadsTheOlderRecord) {
    Call c("+31612345678", dutch_partners());
    put_through(c);
    c.dial("busy");
    const std::string stored = encode_voice_state(*c.state());
    const auto again = decode_voice_state(stored);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->transfer_to, "+318002000");
    EXPECT_EQ(again->transfer_status, "busy");
    // Calls under way when the line was upgraded: a "voice5" record (no weekend or other
    // number), a "voice4" record (no spoken note), a "voice3" record (no family's terms
    // either) and a "voice2" record (no transfer fields).
    Call d;
    d.incoming();
    const std::string v6 = encode_voice_state(*d.state());
    ASSERT_EQ(v6.substr(v6.size() - 22), "0:0:1:01:00:3:any1:00:");
    const std::string v5 = "voice5" + v6.substr(6, v6.size() - 6 - 5);
    const auto before_weekend = decode_voice_state(v5);
    ASSERT_TRUE(before_weekend);
    EXPECT_EQ(encode_voice_state(*before_weekend), v6);
    const std::string v4 = "voice4" + v6.substr(6, v6.size() - 6 - 12);
    const auto before_note = decode_voice_state(v4);
    ASSERT_TRUE(before_note);
    EXPECT_EQ(encode_voice_state(*before_note), v6);
    const std::string v3 = "voice3" + v6.substr(6, v6.size() - 6 - 18);
    const auto older = decode_voice_state(v3);
    ASSERT_TRUE(older);
    EXPECT_EQ(encode_voice_state(*older), v6);
    const std::string v2 = "voice2" + v6.substr(6, v6.size() - 6 - 22);
    const auto old = decode_voice_state(v2);
    ASSERT_TRUE(old);
    EXPECT_EQ(encode_voice_state(*old), v6);
    EXPECT_FALSE(decode_voice_state(v2 + "0:0:")) << "voice2 has no transfer fields";
    EXPECT_FALSE(decode_voice_state(v3 + "1:01:0")) << "voice3 has no terms";
    EXPECT_FALSE(decode_voice_state(v4 + "0:3:any")) << "voice4 has no note or window";
}

// The editors' knowledge-gap report (contact/knowledge_gaps.hpp): which steps leave a gap.
TEST(VoiceGaps, NoAnswerThenTheCallbackIsOneNoneAndOneHandoffOfTheSameQuestion) {
    Call c;
    c.incoming();
    c.gather("ik heb een vraag over de kinderopvangtoeslag");
    ASSERT_EQ(c.gaps().size(), 1u);
    EXPECT_EQ(c.gaps()[0].source, KnowledgeGap::Source::none);
    EXPECT_EQ(c.gaps()[0].channel, Channel::voice);
    EXPECT_EQ(c.gaps()[0].tenant_id, "demo");
    EXPECT_EQ(c.gaps()[0].question, "ik heb een vraag over de kinderopvangtoeslag");
    c.gather("", "1");  // the caller's own number, then the terms: the task
    c.terms();
    ASSERT_EQ(c.tasks_created(), 1);
    ASSERT_EQ(c.gaps().size(), 2u);
    EXPECT_EQ(c.gaps()[1].source, KnowledgeGap::Source::handoff);
    EXPECT_EQ(c.gaps()[1].question, "ik heb een vraag over de kinderopvangtoeslag");
}

TEST(VoiceGaps, KeyTwoAfterAnAnswerIsNotHelpedAndNoHandoff) {
    Call c;
    c.incoming();
    c.gather("mijn baby slaapt slecht");
    EXPECT_TRUE(c.gaps().empty());
    c.gather("", "2");
    c.gather("", "1");
    c.terms();
    ASSERT_EQ(c.tasks_created(), 1);
    ASSERT_EQ(c.gaps().size(), 1u);
    EXPECT_EQ(c.gaps()[0].source, KnowledgeGap::Source::not_helped);
    EXPECT_EQ(c.gaps()[0].question, "mijn baby slaapt slecht");
}

TEST(VoiceGaps, ChoicesDeclinedForACallbackAreAHandoff) {
    Call c;
    c.incoming();
    c.gather("vragen over eten");
    c.gather("", "0");
    c.gather("", "1");
    c.terms();
    ASSERT_EQ(c.tasks_created(), 1);
    ASSERT_EQ(c.gaps().size(), 1u);
    EXPECT_EQ(c.gaps()[0].source, KnowledgeGap::Source::handoff);
    EXPECT_EQ(c.gaps()[0].question, "vragen over eten");
}

TEST(VoiceGaps, ARiskSignalIsNeverAGap) {
    Call c;
    c.incoming();
    c.gather("mijn baby ademt niet");
    EXPECT_GE(c.tasks_created(), 1);
    EXPECT_TRUE(c.gaps().empty());
}
