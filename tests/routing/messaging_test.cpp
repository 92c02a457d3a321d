#include "routing/messaging.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "routing/record.hpp"

using namespace advieslijn;
using namespace advieslijn::routing;

namespace {

struct Messaging : ::testing::Test {
    TenantDirectory dir{{fixtures::demo_tenant(), fixtures::english_only_tenant()}};
    MessagingContext ctx{dir, fixtures::risk_detector(), fixtures::prompts(), fixtures::fake_kb};
    // The phrase lists alone: nothing is known to be calm.
    MessagingContext lists_ctx{dir, fixtures::phrase_list_detector(), fixtures::prompts(), fixtures::fake_kb};

    // A thread whose question the line could not answer, right after its new task `task_id`
    // was confirmed: the first terms question (voicemail) is open.
    SmsState confirmed_task(const std::string& task_id) const;
};

bool has(const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
}

}  // namespace

namespace {
SmsRequest sms(std::string sid, std::string body, std::string from = "+31612345678") {
    return SmsRequest{std::move(sid), std::move(from), "+31880030060", std::move(body)};
}
}  // namespace

SmsState Messaging::confirmed_task(const std::string& task_id) const {
    SmsRequest first{"SM1", "+31612345678", "+31880030060", "ik heb een vraag over de kinderopvangtoeslag"};
    const SmsState s = sms_message(ctx, std::nullopt, first).state;
    return sms_task_done(ctx, s, TaskCreated{"AB12", task_id, true}).state;
}

TEST_F(Messaging, SmsAnswerIsEscapedTwimlMessage) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "mijn baby slaapt slecht"));
    EXPECT_TRUE(has(r.twiml, "<Message>Mijn baby slaapt niet door"));
    EXPECT_TRUE(has(r.twiml, "&lt;Tip&gt; &amp; &quot;rust&quot;"));
    EXPECT_TRUE(has(r.twiml, "https://example.org/slapen?a=1&amp;b=2"));
    EXPECT_TRUE(has(r.twiml, "Stuur JA, of NEE"));
    EXPECT_EQ(r.state.from, "+31612345678");
}

// Only a hello is invited to ask: no callback offer, no question remembered.
TEST_F(Messaging, SmsAGreetingIsInvitedToAsk) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "Hoi!"));
    EXPECT_TRUE(has(r.twiml, ctx.prompts.sms_empty("nl"))) << r.twiml;
    EXPECT_TRUE(r.state.question.empty());
    EXPECT_TRUE(r.gaps.empty());
}

// STOP and "Afmelden" end the thread: not a question (no callback offer, no knowledge gap, no
// count), and an open terms question or choices are dropped (a tester's finding).
TEST_F(Messaging, SmsStopEndsTheThreadAndIsNoQuestion) {
    for (const char* word : {"STOP", "Afmelden", "stop.", "Stoppen"}) {
        const auto r = sms_message(ctx, std::nullopt, sms("SM1", word));
        EXPECT_TRUE(has(r.twiml, ctx.prompts.sms_stopped("nl"))) << word << r.twiml;
        EXPECT_FALSE(has(r.twiml, "Stuur BEL")) << word;
        EXPECT_TRUE(r.gaps.empty()) << word;
        EXPECT_FALSE(r.task) << word;
        EXPECT_TRUE(r.state.question.empty()) << word;
        for (const auto& c : r.counts) EXPECT_NE(c.kind, ContactCount::Kind::question) << word;
    }
    // During the terms questions: no answer taken, the questions end; the task stays.
    const SmsState asked = confirmed_task("task-1");
    ASSERT_EQ(asked.terms_step, SmsTermsStep::voicemail);
    const auto stop = sms_message(ctx, asked, sms("SM9", "stop"));
    EXPECT_FALSE(stop.terms_update);
    EXPECT_EQ(stop.state.terms_step, SmsTermsStep::none);
    EXPECT_TRUE(has(stop.twiml, "bellen we je nog wel")) << stop.twiml;
    // "stop met slaan" is a message, not the stop word: routed (and here a risk signal).
    const auto hit = sms_message(ctx, std::nullopt, sms("SM1", "hij moet stoppen met me slaan"));
    EXPECT_FALSE(has(hit.twiml, ctx.prompts.sms_stopped("nl"))) << hit.twiml;
}

// A long answer is cut at a sentence end, and its links are kept: they are where the rest of
// the answer is (before, the cut took the links first).
TEST_F(Messaging, ALongSmsAnswerKeepsItsLinks) {
    MessagingContext small = ctx;
    small.max_sms_chars = 300;
    ArticleRef a{"lang", "Een lange vraag", "", "", {{"Lees verder", "https://example.org/verder"}}, ""};
    for (int i = 0; i < 20; ++i) a.text += "Dit is zin nummer " + std::to_string(i) + " van het antwoord. ";
    const std::string sms = article_sms(small, a, "nl");
    EXPECT_LE(sms.size(), 300u) << sms;
    EXPECT_NE(sms.find("Lees verder: https://example.org/verder"), std::string::npos) << sms;
    EXPECT_NE(sms.find("van het antwoord. ..."), std::string::npos) << "cut after a sentence: " << sms;
    EXPECT_NE(sms.find("Stuur JA"), std::string::npos) << sms;
    // A short answer is whole.
    a.text = "Kort antwoord.";
    EXPECT_NE(article_sms(small, a, "nl").find("Kort antwoord.\nLees verder"), std::string::npos);
}

TEST_F(Messaging, SmsNumberedChoices) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten"));
    EXPECT_TRUE(has(r.twiml,
                    "1. Mijn peuter eet slecht\n2. Mijn baby wil geen fruit\n3. Eten en pubers\n0. "
                    "Bel me terug"));
    auto state = decode_sms_state(encode_sms_state(r.state));
    ASSERT_TRUE(state);
    auto pick = sms_message(ctx, state, sms("SM2", " 3 "));
    EXPECT_TRUE(has(pick.twiml, "Eten en pubers"));
    EXPECT_EQ(pick.state.answered_article, "eten-tiener");
}

TEST_F(Messaging, SmsCallbackAfterHandoffWithReference) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "ik heb een vraag over de kinderopvangtoeslag"));
    EXPECT_TRUE(has(r.twiml, "Stuur BEL"));
    EXPECT_FALSE(r.task);
    auto call = sms_message(ctx, r.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    EXPECT_EQ(call.task->idempotency_key, "sms:SM2");
    EXPECT_EQ(call.task->question, "ik heb een vraag over de kinderopvangtoeslag");
    EXPECT_FALSE(call.task->urgent);
    EXPECT_TRUE(call.twiml.empty());
    auto done = sms_task_done(ctx, call.state, TaskCreated{"XY34"});
    EXPECT_TRUE(has(done.twiml, "referentie: XY34"));
    // Twilio retries the same message: same reply, no new task.
    auto retry = sms_message(ctx, done.state, sms("SM2", "BEL"));
    EXPECT_TRUE(retry.replay);
    EXPECT_FALSE(retry.task);
    EXPECT_EQ(retry.twiml, done.twiml);
}

TEST_F(Messaging, SmsRiskSendsGuidanceWithUrgentTask) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "whatsapp test", "whatsapp:+31612345678"));
    EXPECT_EQ(r.state.channel_prefix, "whatsapp:");
    auto risk =
        sms_message(ctx, r.state, sms("SM2", "mijn baby ademt niet", "whatsapp:+31612345678"));
    ASSERT_TRUE(risk.task);
    EXPECT_TRUE(risk.task->urgent);
    EXPECT_EQ(risk.task->phone, "+31612345678");
    auto done = sms_task_done(ctx, risk.state, TaskCreated{"UR01"});
    EXPECT_TRUE(has(done.twiml, "Bel nu 112"));
    EXPECT_LT(done.twiml.find("112"), done.twiml.find("UR01"));
    // A later ordinary callback does not repeat the emergency guidance.
    auto later = sms_message(ctx, done.state, sms("SM3", "bel me", "whatsapp:+31612345678"));
    ASSERT_TRUE(later.task);
    EXPECT_FALSE(later.task->urgent);
    EXPECT_FALSE(has(sms_task_done(ctx, later.state, TaskCreated{"N1"}).twiml, "112 "));
}

// Safe callbacks by text: the task is confirmed first (with the cautious defaults), then the
// family's terms are asked one message at a time, each answer stored at once.
TEST_F(Messaging, SmsAsksTheFamilysTermsAfterConfirmingTheTask) {
    auto r = sms_message(ctx, std::nullopt, sms("SM1", "ik heb een vraag over de kinderopvangtoeslag"));
    auto call = sms_message(ctx, r.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    EXPECT_FALSE(call.task->voicemail);
    EXPECT_FALSE(call.task->announce_cjg);
    auto done = sms_task_done(ctx, call.state, TaskCreated{"XY34", "task-1", true});
    EXPECT_TRUE(has(done.twiml, "referentie: XY34"));
    EXPECT_LT(done.twiml.find("XY34"), done.twiml.find("voicemail inspreken? Stuur JA of NEE"));
    EXPECT_EQ(done.state.terms_step, SmsTermsStep::voicemail);

    auto vm = sms_message(ctx, decode_sms_state(encode_sms_state(done.state)), sms("SM3", "Ja"));
    ASSERT_TRUE(vm.terms_update);
    EXPECT_FALSE(vm.task);
    EXPECT_EQ(vm.terms_update->tenant_id, "demo");
    EXPECT_EQ(vm.terms_update->task_id, "task-1");
    EXPECT_EQ(vm.terms_update->voicemail, true);
    EXPECT_FALSE(vm.terms_update->announce_cjg);
    EXPECT_FALSE(vm.terms_update->note);
    EXPECT_TRUE(vm.twiml.empty()) << "the reply waits for the store";
    auto vm_done = sms_terms_done(ctx, vm.state, *vm.terms_update, true);
    EXPECT_TRUE(has(vm_done.twiml, "Mogen we zeggen dat we van het CJG bellen?"));
    // Twilio retries the same message: the same reply, nothing stored again.
    auto retry = sms_message(ctx, vm_done.state, sms("SM3", "Ja"));
    EXPECT_TRUE(retry.replay);
    EXPECT_FALSE(retry.terms_update);

    auto announce = sms_message(ctx, vm_done.state, sms("SM4", "nee"));
    ASSERT_TRUE(announce.terms_update);
    EXPECT_EQ(announce.terms_update->announce_cjg, false);
    EXPECT_FALSE(announce.terms_update->voicemail);
    auto announce_done = sms_terms_done(ctx, announce.state, *announce.terms_update, true);
    EXPECT_TRUE(has(announce_done.twiml, "Wanneer kunnen we je veilig bellen? Stuur 1"));

    // The safe times as digits: a part of the day, and 4 for "not in the weekend".
    auto times = sms_message(ctx, announce_done.state, sms("SM5a", "3 + 4"));
    ASSERT_TRUE(times.terms_update);
    EXPECT_EQ(times.terms_update->window, "evening");
    EXPECT_EQ(times.terms_update->no_weekend, true);
    EXPECT_FALSE(times.terms_update->note);
    auto times_done = sms_terms_done(ctx, times.state, *times.terms_update, true);
    EXPECT_TRUE(has(times_done.twiml, "ander nummer"));

    auto alt = sms_message(ctx, times_done.state, sms("SM5b", "06 8765 4321"));
    ASSERT_TRUE(alt.terms_update);
    EXPECT_EQ(alt.terms_update->alt_phone, "+31687654321");
    EXPECT_FALSE(alt.terms_update->note);
    auto alt_done = sms_terms_done(ctx, alt.state, *alt.terms_update, true);
    EXPECT_TRUE(has(alt_done.twiml, "Moeten we ergens op letten"));
    // The thread survives a store and load between the questions.
    ASSERT_TRUE(decode_sms_state(encode_sms_state(alt_done.state)));
    EXPECT_EQ(decode_sms_state(encode_sms_state(alt_done.state))->alt_phone, "+31687654321");
    EXPECT_EQ(decode_sms_state(encode_sms_state(alt_done.state))->window, "evening");

    auto note = sms_message(ctx, alt_done.state,
                            sms("SM5", "Bel niet als mijn man opneemt.\nAlleen  na 20 uur"));
    ASSERT_TRUE(note.terms_update);
    EXPECT_EQ(note.terms_update->note, "Bel niet als mijn man opneemt. Alleen na 20 uur");
    auto note_done = sms_terms_done(ctx, note.state, *note.terms_update, true);
    EXPECT_TRUE(has(note_done.twiml, "genoteerd"));
    EXPECT_TRUE(has(note_done.twiml, "spreken we een voicemail in"));
    EXPECT_TRUE(has(note_done.twiml, "alleen onze voornaam"));
    EXPECT_TRUE(has(note_done.twiml, "avonds, van 17 tot 22 uur"));
    EXPECT_TRUE(has(note_done.twiml, "niet in het weekend"));
    EXPECT_TRUE(has(note_done.twiml, "eindigt op 4321"));
    EXPECT_EQ(note_done.state.terms_step, SmsTermsStep::none);

    // Back to questions: the next message is routed as any other.
    auto next = sms_message(ctx, note_done.state, sms("SM6", "mijn baby slaapt slecht"));
    EXPECT_FALSE(next.terms_update);
    EXPECT_TRUE(has(next.twiml, "Mijn baby slaapt niet door"));
}

TEST_F(Messaging, SmsTermsASentenceIsANoteAndTheCautiousNo) {
    SmsState s = *decode_sms_state(encode_sms_state(confirmed_task("task-2")));
    // No yes or no, but a sentence: kept for the specialist, and no voicemail.
    auto vm = sms_message(ctx, s, sms("SM2", "liever niet, hij luistert mijn voicemail af"));
    ASSERT_TRUE(vm.terms_update);
    EXPECT_EQ(vm.terms_update->voicemail, false);
    EXPECT_EQ(vm.terms_update->note, "liever niet, hij luistert mijn voicemail af");
    s = sms_terms_done(ctx, vm.state, *vm.terms_update, true).state;
    // An empty message asks the same question again and stores nothing.
    auto empty = sms_message(ctx, s, sms("SM3", "  ?! "));
    EXPECT_FALSE(empty.terms_update);
    EXPECT_TRUE(has(empty.twiml, "Mogen we zeggen dat we van het CJG bellen?"));
    s = empty.state;
    auto announce = sms_message(ctx, s, sms("SM4", "ook niet"));
    ASSERT_TRUE(announce.terms_update);
    EXPECT_EQ(announce.terms_update->announce_cjg, false);
    EXPECT_EQ(announce.terms_update->note, "liever niet, hij luistert mijn voicemail af / ook niet");
    s = sms_terms_done(ctx, announce.state, *announce.terms_update, true).state;
    // Two parts of the day cannot be kept (a task has one window): asked again, nothing stored.
    auto two_digits = sms_message(ctx, s, sms("SM4b", "1, 3"));
    EXPECT_FALSE(two_digits.terms_update);
    EXPECT_TRUE(has(two_digits.twiml, "Wanneer kunnen we je veilig bellen?"));
    EXPECT_EQ(two_digits.state.terms_step, SmsTermsStep::times);
    // A sentence about times is a note; the window stays any time.
    auto said = sms_message(ctx, two_digits.state, sms("SM4c", "na 19 uur"));
    ASSERT_TRUE(said.terms_update);
    EXPECT_FALSE(said.terms_update->window);
    EXPECT_EQ(said.terms_update->note,
              "liever niet, hij luistert mijn voicemail af / ook niet / na 19 uur");
    s = sms_terms_done(ctx, said.state, *said.terms_update, true).state;
    // NEE to the other number: nothing to store, the next question.
    auto no_alt = sms_message(ctx, s, sms("SM4d", "nee"));
    EXPECT_FALSE(no_alt.terms_update);
    EXPECT_TRUE(has(no_alt.twiml, "Moeten we ergens op letten"));
    s = no_alt.state;
    // NO to the note: nothing to store, the terms as they stand.
    auto none = sms_message(ctx, s, sms("SM5", "NEE"));
    EXPECT_FALSE(none.terms_update);
    EXPECT_TRUE(has(none.twiml, "We spreken geen voicemail in."));
    EXPECT_TRUE(has(none.twiml, "alleen onze voornaam"));
    EXPECT_EQ(none.state.terms_step, SmsTermsStep::none);
}

TEST_F(Messaging, SmsTermsThatCouldNotBeStoredSayWhatStandsAndAskNoMore) {
    SmsState s = confirmed_task("task-3");
    auto vm = sms_message(ctx, s, sms("SM2", "ja"));
    ASSERT_TRUE(vm.terms_update);
    auto failed = sms_terms_done(ctx, vm.state, *vm.terms_update, false);
    EXPECT_TRUE(has(failed.twiml, "niet worden opgeslagen"));
    EXPECT_TRUE(has(failed.twiml, "We spreken geen voicemail in.")) << "what the task still has";
    EXPECT_FALSE(failed.state.voicemail);
    EXPECT_EQ(failed.state.terms_step, SmsTermsStep::none);
}

TEST_F(Messaging, SmsUrgentTaskAsksOnlyTheNoteAndARepeatContactNothing) {
    auto risk = sms_message(ctx, std::nullopt, sms("SM1", "mijn baby ademt niet"));
    ASSERT_TRUE(risk.task);
    auto done = sms_task_done(ctx, risk.state, TaskCreated{"UR01", "task-4", true});
    EXPECT_LT(done.twiml.find("Bel nu 112"), done.twiml.find("UR01"));
    EXPECT_TRUE(has(done.twiml, "We spreken geen voicemail in."));
    EXPECT_TRUE(has(done.twiml, "Moeten we ergens op letten"));
    EXPECT_FALSE(has(done.twiml, "Stuur JA of NEE"));
    EXPECT_EQ(done.state.terms_step, SmsTermsStep::note);

    // A message joined to the number's open task: its terms are not asked again.
    auto other = sms_message(ctx, std::nullopt, sms("SM2", "bel me", "+31687654321"));
    ASSERT_TRUE(other.task);
    const auto merged = sms_task_done(ctx, other.state, TaskCreated{"AB12", "task-1", false});
    EXPECT_EQ(merged.state.terms_step, SmsTermsStep::none);
    EXPECT_FALSE(has(merged.twiml, "voicemail"));
}

TEST_F(Messaging, SmsARiskSignalDuringTheTermsIsRoutedAsUrgent) {
    SmsState s = confirmed_task("task-5");
    auto risk = sms_message(ctx, s, sms("SM2", "mijn baby ademt niet"));
    EXPECT_FALSE(risk.terms_update);
    ASSERT_TRUE(risk.task);
    EXPECT_TRUE(risk.task->urgent);
    EXPECT_EQ(risk.state.terms_step, SmsTermsStep::none);
}

// A concern phrase leaves the terms too, and joins the task just made (high priority): not an
// answer to the voicemail question, and not a second callback offer. (Said of oneself, "ik heb
// het gevoel dat niemand me zou missen", the classifier reads it as urgent: the urgent case.)
TEST_F(Messaging, SmsAConcernDuringTheTermsJoinsTheOpenTask) {
    SmsState s = confirmed_task("task-7");
    auto concern = sms_message(ctx, s, sms("SM2", "mijn dochter zegt de laatste tijd 'het maakt toch niet uit of ik er ben'"));
    EXPECT_FALSE(concern.terms_update);
    ASSERT_TRUE(concern.task);
    EXPECT_FALSE(concern.task->urgent);
    EXPECT_EQ(concern.task->risk_categories, std::vector<std::string>{"concern:suicide_self_harm"});
    EXPECT_EQ(concern.task->idempotency_key, "sms:SM2");
    EXPECT_EQ(concern.state.terms_step, SmsTermsStep::none);
    // Outside the terms the same message is a callback offer with the concern kept for it.
    auto fresh = sms_message(ctx, std::nullopt, sms("SM3", "mijn dochter zegt de laatste tijd 'het maakt toch niet uit of ik er ben'"));
    EXPECT_FALSE(fresh.task);
    EXPECT_TRUE(fresh.state.offered_callback);
    EXPECT_EQ(fresh.state.risk_categories, std::vector<std::string>{"concern:suicide_self_harm"});
}

TEST_F(Messaging, AnUnansweredTermsQuestionLapsesAndTheNextMessageIsANewQuestion) {
    auto first = sms("SM1", "ik heb een vraag over de kinderopvangtoeslag");
    first.at_ms = 1'000'000;
    SmsState s = sms_message(ctx, std::nullopt, first).state;
    auto call = sms("SM2", "BEL");
    call.at_ms = 1'060'000;
    s = sms_task_done(ctx, sms_message(ctx, s, call).state, TaskCreated{"AB12", "task-6", true}).state;
    s = *decode_sms_state(encode_sms_state(s));
    EXPECT_EQ(s.last_at_ms, 1'060'000);
    // Within half an hour: an answer.
    auto soon = sms("SM3", "nee");
    soon.at_ms = 1'060'000 + 29 * 60 * 1000;
    EXPECT_TRUE(sms_message(ctx, s, soon).terms_update);
    // The next evening: a new question, answered as one.
    auto later = sms("SM3", "mijn baby slaapt slecht");
    later.at_ms = 1'060'000 + 20 * 3600 * 1000;
    const auto r = sms_message(ctx, s, later);
    EXPECT_FALSE(r.terms_update);
    EXPECT_TRUE(has(r.twiml, "Mijn baby slaapt niet door"));
    EXPECT_EQ(r.state.terms_step, SmsTermsStep::none);
    EXPECT_EQ(r.state.last_at_ms, later.at_ms);
}

TEST_F(Messaging, AThreadStoredBeforeTheTermsIsStillRead) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten"));
    // The same state in the "sms1" form: without the five terms fields at the end.
    RecordWriter w("sms1");
    const SmsState& s = r.state;
    w.add(s.tenant_id).add(s.lang).add(s.from).add(s.channel_prefix);
    w.add(static_cast<int>(s.choices.size()));
    for (const auto& c : s.choices) {
        w.add(c.id).add(c.title).add(c.text).add(static_cast<int>(c.links.size()));
        for (const auto& l : c.links) w.add(l.title).add(l.url);
    }
    w.add(s.answered_article).add(s.offered_callback).add(s.urgent).add(s.risk_categories);
    w.add(s.question).add(s.last_message_sid).add(s.last_twiml).add(s.reference);
    const auto old = decode_sms_state(w.take());
    ASSERT_TRUE(old);
    EXPECT_EQ(encode_sms_state(*old), encode_sms_state(s));
}

TEST_F(Messaging, SmsUnknownNumberAndEnglish) {
    SmsRequest req = sms("SM1", "hello");
    req.to = "+31999999999";
    EXPECT_TRUE(sms_message(ctx, std::nullopt, req).refused);
    auto en = sms_message(ctx, std::nullopt, sms("SM1", "English"));
    EXPECT_EQ(en.state.lang, "en");
    EXPECT_TRUE(has(en.twiml, "Text us your question"));
}

TEST_F(Messaging, StateRoundTripsAndRejectsGarbage) {
    const auto r = sms_message(ctx, std::nullopt, sms("SM1", "vragen over eten", "whatsapp:+31612345678"));
    const std::string stored = encode_sms_state(r.state);
    const auto again = decode_sms_state(stored);
    ASSERT_TRUE(again);
    EXPECT_EQ(encode_sms_state(*again), stored);
    EXPECT_EQ(again->choices.size(), 3u);
    EXPECT_EQ(again->channel_prefix, "whatsapp:");
    EXPECT_EQ(again->last_twiml, r.state.last_twiml);
    for (std::size_t n = 0; n < stored.size(); ++n)
        EXPECT_FALSE(decode_sms_state(stored.substr(0, n))) << "prefix of " << n << " bytes";
    EXPECT_FALSE(decode_sms_state(stored + "0:"));
    EXPECT_FALSE(decode_sms_state("{\"v\":1}"));
}

TEST_F(Messaging, SmsUnavailableApologisesWithGuidanceAndStoresNothing) {
    // The demo tenant speaks Dutch and English and the state (the chosen language) is what
    // cannot be read: both, Dutch first.
    const auto plain = sms_unavailable(ctx, sms("SM1", "mijn peuter heeft driftbuien"));
    EXPECT_TRUE(has(plain, "<Message>"));
    EXPECT_TRUE(has(plain, "technische storing"));
    EXPECT_TRUE(has(plain, "technical problem"));
    EXPECT_LT(plain.find("technische storing"), plain.find("technical problem"));
    EXPECT_FALSE(has(plain, "Bel nu 112"));
    // A risk signal still gets its guidance, before the apology.
    const auto risk = sms_unavailable(ctx, sms("SM2", "mijn baby ademt niet"));
    EXPECT_TRUE(has(risk, "Bel nu 112"));
    EXPECT_LT(risk.find("Bel nu 112"), risk.find("technische storing"));
    SmsRequest unknown = sms("SM3", "hallo");
    unknown.to = "+31999999999";
    EXPECT_TRUE(has(sms_unavailable(ctx, unknown), "niet bekend"));
    SmsRequest english = sms("SM4", "hello");
    english.to = "whatsapp:+31201234567";
    const auto en = sms_unavailable(ctx, english);
    EXPECT_TRUE(has(en, "technical problem"));
    EXPECT_FALSE(has(en, "technische storing"));
}

TEST_F(Messaging, SmsCrisisArticleBecomesAnUrgentTaskWithGuidance) {
    auto r = sms_message(lists_ctx, std::nullopt, sms("SM1", "verdwijnen lijkt me het beste"));
    ASSERT_TRUE(r.task);
    EXPECT_TRUE(r.task->urgent);
    EXPECT_EQ(r.task->risk_categories, std::vector<std::string>{"suicide_self_harm"});
    const auto done = sms_task_done(lists_ctx, r.state, TaskCreated{"UR02"});
    EXPECT_TRUE(has(done.twiml, "113"));
    EXPECT_FALSE(has(done.twiml, "Stuur JA"));
}

// The editors' knowledge-gap report: which messages leave a gap.
TEST_F(Messaging, GapsForNoAnswerNotHelpedAndHandoff) {
    auto none = sms_message(ctx, std::nullopt, sms("SM1", "ik heb een vraag over de kinderopvangtoeslag"));
    ASSERT_EQ(none.gaps.size(), 1u);
    EXPECT_EQ(none.gaps[0].source, KnowledgeGap::Source::none);
    EXPECT_EQ(none.gaps[0].channel, Channel::sms);
    EXPECT_EQ(none.gaps[0].question, "ik heb een vraag over de kinderopvangtoeslag");
    auto call = sms_message(ctx, none.state, sms("SM2", "BEL"));
    ASSERT_TRUE(call.task);
    ASSERT_EQ(call.gaps.size(), 1u);
    EXPECT_EQ(call.gaps[0].source, KnowledgeGap::Source::handoff);
    EXPECT_EQ(call.gaps[0].question, "ik heb een vraag over de kinderopvangtoeslag");

    auto answer = sms_message(ctx, std::nullopt, sms("SM3", "mijn baby slaapt slecht", "+31687654321"));
    EXPECT_TRUE(answer.gaps.empty());
    auto no = sms_message(ctx, answer.state, sms("SM4", "nee", "+31687654321"));
    ASSERT_EQ(no.gaps.size(), 1u);
    EXPECT_EQ(no.gaps[0].source, KnowledgeGap::Source::not_helped);
    EXPECT_EQ(no.gaps[0].question, "mijn baby slaapt slecht");

    auto risk = sms_message(ctx, std::nullopt, sms("SM5", "mijn baby ademt niet", "+31611111111"));
    EXPECT_TRUE(risk.gaps.empty());
}
