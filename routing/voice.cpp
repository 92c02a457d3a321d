#include "routing/voice.hpp"

#include <algorithm>

#include "common/phone.hpp"
#include "routing/answer_cache.hpp"
#include "routing/prompts.hpp"
#include "routing/record.hpp"
#include "routing/text.hpp"
#include "routing/twiml.hpp"

namespace advieslijn::routing {
namespace {

// The call's callback task. One task per call: whatever path or retry leads here (the flow,
// or a hang-up after asking), the key is the same.
TaskRequest call_task(const VoiceState& s, std::string phone) {
    TaskRequest t;
    t.idempotency_key = "voice:" + s.call_sid;
    t.tenant_id = s.tenant_id;
    t.channel = Channel::voice;
    t.lang = s.lang;
    t.phone = std::move(phone);
    t.question = s.question;
    t.urgent = s.urgent;
    t.risk_categories = s.risk_categories;
    t.voicemail = s.voicemail;
    t.announce_cjg = s.announce_cjg;
    t.note = s.terms_note;
    t.window = s.window;
    t.no_weekend = s.no_weekend;
    t.alt_phone = s.alt_phone;
    return t;
}

using Step = VoiceState::Step;

constexpr Step all_steps[] = {
    Step::ask,           Step::after_answer,   Step::choosing,     Step::confirm_number,
    Step::enter_number,  Step::confirm_typed,  Step::ask_voicemail, Step::ask_announce,
    Step::ask_window,    Step::ask_weekend,    Step::ask_alt_number, Step::ask_note,
    Step::offer_transfer, Step::transferring, Step::creating_task, Step::done};

// 112 is never dialled through the line: the medical emergency guidance tells the caller to
// hang up and call it (config refuses a partner for it, too).
constexpr std::string_view hang_up_and_call_112 = "emergency_medical";

struct TransferTarget {
    std::string number;
    std::string spoken;
};

// Where a caller with these risk categories can be put through to: the partner of the first
// category that has one, else the tenant's on-call specialist; none for a medical emergency
// or when the tenant configured neither.
std::optional<TransferTarget> transfer_target(const VoiceContext& ctx, const Tenant& t,
                                              const std::vector<std::string>& categories,
                                              const std::string& lang) {
    for (const auto& c : categories)
        if (c == hang_up_and_call_112) return std::nullopt;
    for (const auto& c : categories) {
        const auto p = t.crisis.partners.find(c);
        if (p == t.crisis.partners.end()) continue;
        const auto spoken = p->second.spoken.find(lang);
        return TransferTarget{p->second.number,
                              spoken == p->second.spoken.end() ? p->second.name : spoken->second};
    }
    if (t.crisis.on_call.empty()) return std::nullopt;
    return TransferTarget{t.crisis.on_call, ctx.prompts.on_call_partner(t, lang)};
}

// The spoken guidance for the call's categories again (acute danger's when the language has
// none of them), so that no urgent call ends without the numbers.
std::vector<std::string> guidance_texts(const RiskDetector& risk, const VoiceState& s) {
    std::vector<std::string> texts;
    for (const auto& c : s.risk_categories)
        if (const auto* g = risk.guidance(s.lang, c)) texts.push_back(g->spoken);
    if (texts.empty())
        if (const auto* g = risk.guidance(s.lang, "acute_danger")) texts.push_back(g->spoken);
    return texts;
}

enum class Reply { yes, no, unclear };

// The answer to the transfer offer: a key, or a spoken yes or no ("ja graag", "nee dank je").
// A "no" anywhere wins: nobody is put through who said no. The words are every language's
// (routing/data/texts): people answer in the language they think in.
Reply transfer_reply(const Prompts& prompts, std::string_view digits, std::string_view speech) {
    if (digits == "1") return Reply::yes;
    if (digits == "2") return Reply::no;
    if (!digits.empty()) return Reply::unclear;
    bool yes = false;
    for (const auto& t : tokenize(fold_text(speech), {})) {
        if (prompts.is_word("no", t.text)) return Reply::no;
        if (t.text == "1" || prompts.is_word("yes", t.text)) yes = true;
    }
    return yes ? Reply::yes : Reply::unclear;
}

Say say_in(const VoiceContext& ctx, std::string_view lang, std::string text) {
    const TwilioLanguage tw = ctx.prompts.twilio(lang);
    return Say{std::move(text), tw.say, tw.voice};
}

// One conversation turn under construction.
struct Turn {
    const VoiceContext& ctx;
    const Tenant& tenant;
    VoiceState s;
    Twiml out;
    VoiceStep result;
    std::string line;  // the dialed number (To), E.164: the caller ID of a transfer

    Say say(std::string text) const { return say_in(ctx, s.lang, std::move(text)); }

    std::string action(const std::string& path) const {
        return path + "?seq=" + std::to_string(s.seq + 1);
    }
    std::string action() const { return action(ctx.config.gather_path); }

    // A Gather followed by a Redirect to the same action: silence arrives as an empty step.
    void gather(std::vector<std::variant<Say, Pause>> children, bool speech, int timeout,
                std::optional<int> num_digits, std::string finish_on_key = {}) {
        Gather g;
        g.input = speech ? "speech dtmf" : "dtmf";
        g.action = action();
        g.language = ctx.prompts.twilio(s.lang).speech;
        if (speech && (s.step == Step::offer_transfer || s.step == Step::ask_voicemail ||
                       s.step == Step::ask_announce || s.step == Step::ask_weekend)) {
            g.hints = ctx.prompts.transfer_hints(s.lang);
        } else if (speech) {
            const auto h = ctx.config.hints.find(s.lang);
            if (h != ctx.config.hints.end()) g.hints = h->second;
        }
        g.timeout = timeout;
        g.num_digits = num_digits;
        g.finish_on_key = std::move(finish_on_key);
        g.children = std::move(children);
        out.gather(g);
        out.redirect(action());
    }

    void ask(std::vector<std::variant<Say, Pause>> before = {}) {
        s.step = Step::ask;
        before.push_back(say(ctx.prompts.ask_question(s.lang)));
        gather(std::move(before), true, ctx.config.question_timeout_s, std::nullopt);
    }

    // By value: `a` is often one of s.choices, which is cleared here.
    void read_article(ArticleRef a) {
        s.step = Step::after_answer;
        s.answered_article = a.id;
        s.choices.clear();
        gather(
            {say(ctx.prompts.answer_intro(s.lang, a.title)), say(a.spoken.empty() ? a.text : a.spoken),
             Pause{1}, say(ctx.prompts.helped_keys(s.lang))},
            false, ctx.config.key_timeout_s, 1);
    }

    void offer_choices(const std::vector<KbArticle>& articles) {
        s.step = Step::choosing;
        s.choices.clear();
        std::vector<std::string> titles;
        for (const auto& a : articles) {
            s.choices.push_back(to_ref(a));
            titles.push_back(a.title);
        }
        gather({say(ctx.prompts.choose_intro(s.lang, titles))}, false, ctx.config.key_timeout_s, 1);
    }

    void request_task(std::string phone) {
        s.callback_number = std::move(phone);
        s.step = Step::creating_task;
        result.task = call_task(s, s.callback_number);
        if (auto gap = handoff_gap(*result.task, !s.answered_article.empty()))
            result.gaps.push_back(std::move(*gap));
    }

    // The number is settled: the family's terms next (docs/callbacks.md, "Safe callbacks"):
    // voicemail and announcement by a key or a spoken yes or no, then anything to mind, spoken.
    // Silence keeps the cautious default. The urgent flow does not ask: it creates the task at
    // once, with those defaults.
    void ask_terms(std::string phone) {
        if (s.urgent) {
            request_task(std::move(phone));
            return;
        }
        s.callback_number = std::move(phone);
        s.step = Step::ask_voicemail;
        s.silences = 0;
        gather({say(ctx.prompts.ask_voicemail(s.lang))}, true, ctx.config.key_timeout_s, 1);
    }

    void answer_term(const std::string& digits, const std::string& speech) {
        // "ja", "1": yes; "nee", "2", anything else and silence: the cautious no.
        const bool yes = transfer_reply(ctx.prompts, digits, speech) == Reply::yes;
        if (s.step == Step::ask_voicemail) {
            s.voicemail = yes;
            s.step = Step::ask_announce;
            gather({say(ctx.prompts.ask_announce(s.lang))}, true, ctx.config.key_timeout_s, 1);
            return;
        }
        s.announce_cjg = yes;
        s.step = Step::ask_window;
        gather({say(ctx.prompts.ask_window_voice(s.lang))}, false, ctx.config.key_timeout_s, 1);
    }

    // 1 morning, 2 afternoon, 3 evening (the widget's windows); 0, another key or silence: any
    // time. The queue then offers the task only in that part of the day.
    void answer_window(const std::string& digits) {
        s.window = digits.size() == 1 ? std::string(window_for_key(digits[0])) : "any";
        s.step = Step::ask_weekend;
        gather({say(ctx.prompts.ask_weekend_voice(s.lang))}, true, ctx.config.key_timeout_s, 1);
    }

    // "May we call on Saturday or Sunday?" Only a no (2, "nee") restricts: silence keeps every
    // day, because a restriction the caller did not choose only delays the callback.
    void answer_weekend(const std::string& digits, const std::string& speech) {
        s.no_weekend = transfer_reply(ctx.prompts, digits, speech) == Reply::no;
        s.attempts = 0;
        ask_alt_number({});
    }

    void ask_alt_number(std::vector<std::variant<Say, Pause>> before) {
        s.step = Step::ask_alt_number;
        before.push_back(say(ctx.prompts.ask_alt_number_voice(s.lang)));
        gather(std::move(before), false, ctx.config.number_timeout_s, std::nullopt, "#");
    }

    // Another number, typed and ended with #; # alone or silence: none. A number we cannot
    // use is asked once more, then left out (the callback number stands).
    void answer_alt_number(const std::string& digits) {
        if (!digits.empty()) {
            const auto phone = parse_phone(digits);
            if (phone && phone.e164() != s.callback_number) {
                s.alt_phone = phone.e164();
            } else if (!phone && ++s.attempts < 2) {
                ask_alt_number({say(ctx.prompts.invalid_number(s.lang))});
                return;
            }
        }
        s.step = Step::ask_note;
        gather({say(ctx.prompts.ask_note_voice(s.lang))}, true, ctx.config.question_timeout_s, 1);
    }

    // What the caller said is the note the specialist reads above the number. A phrase-list
    // risk signal in it makes the task urgent, with the guidance read before the reference
    // (the classifier is not asked: it reads such notes as crises, docs/callbacks.md); a
    // concern phrase ("niemand zou me missen") makes a task without flags high priority.
    void answer_note(const std::string& speech) {
        if (!speech.empty()) {
            s.terms_note = one_line(speech, max_terms_note_bytes);
            const auto risk = ctx.risk.detect_phrases(s.lang, s.terms_note);
            if (risk.any()) {
                s.urgent = true;
                for (auto& c : risk.categories())
                    if (std::find(s.risk_categories.begin(), s.risk_categories.end(), c) ==
                        s.risk_categories.end())
                        s.risk_categories.push_back(std::move(c));
            } else if (risk.concern() && s.risk_categories.empty()) {
                s.risk_categories = risk.flags();
            }
        }
        request_task(s.callback_number);
    }

    void start_callback(std::vector<std::variant<Say, Pause>> before) {
        s.silences = 0;
        s.attempts = 0;
        before.push_back(say(ctx.prompts.callback_intro(s.lang)));
        if (!s.from.empty()) {
            s.step = Step::confirm_number;
            before.push_back(say(ctx.prompts.confirm_caller_number(
                s.lang, std::string_view(s.from).substr(s.from.size() - 4))));
        } else {
            s.step = Step::enter_number;
            before.push_back(say(ctx.prompts.enter_number(s.lang)));
        }
        gather(std::move(before), false, ctx.config.number_timeout_s, std::nullopt, "#");
    }

    // A risk signal: the guidance first, then the offer to be put through when the tenant has
    // someone to put the caller through to, else the urgent callback at once.
    void start_urgent(const RiskResult& risk) {
        s.urgent = true;
        s.risk_categories = risk.categories();
        s.silences = 0;
        std::vector<std::variant<Say, Pause>> guidance{say(risk.spoken_text()), Pause{1}};
        if (const auto target = transfer_target(ctx, tenant, s.risk_categories, s.lang)) {
            s.transfer_to = target->number;
            offer_transfer(*target, std::move(guidance));
            return;
        }
        urgent_callback(std::move(guidance));
    }

    void offer_transfer(const TransferTarget& target, std::vector<std::variant<Say, Pause>> before) {
        s.step = Step::offer_transfer;
        before.push_back(say(ctx.prompts.transfer_offer(s.lang, target.spoken)));
        gather(std::move(before), true, ctx.config.key_timeout_s, 1);
    }

    void put_through(const TransferTarget& target) {
        s.step = Step::transferring;
        s.silences = 0;
        out.say(say(ctx.prompts.transfer_connecting(s.lang, target.spoken)));
        out.dial(Dial{target.number, line, action(ctx.config.dial_path), ctx.config.dial_timeout_s});
    }

    // The urgent callback task: on the caller's own number at once (the guidance is read in
    // voice_task_done, before the reference), or, for an anonymous caller, a number typed.
    void urgent_callback(std::vector<std::variant<Say, Pause>> before) {
        s.silences = 0;
        if (!s.from.empty()) {
            request_task(s.from);
            return;
        }
        s.step = Step::enter_number;
        before.push_back(say(ctx.prompts.urgent_enter_number(s.lang)));
        gather(std::move(before), false, ctx.config.number_timeout_s, std::nullopt, "#");
    }

    std::optional<TransferTarget> target() const {
        auto t = transfer_target(ctx, tenant, s.risk_categories, s.lang);
        if (t && !s.transfer_to.empty()) t->number = s.transfer_to;  // as offered
        return t;
    }

    void hang_up(std::vector<std::string> texts) {
        s.step = Step::done;
        for (auto& t : texts) out.say(say(std::move(t)));
        out.hangup();
    }

    void add_to_question(const std::string& speech) {
        if (!s.question.empty()) s.question += " / ";
        s.question = utf8_prefix(s.question + speech, max_question_bytes);
    }

    void route_question(const std::string& speech) {
        add_to_question(speech);
        s.silences = 0;
        const auto d = route(ctx.risk, ctx.kb, tenant, Channel::voice, s.lang, speech, ctx.answers);
        result.counts.push_back(question_routed(s.tenant_id, "voice", d));
        switch (d.kind) {
            case Decision::Kind::urgent:
                start_urgent(d.risk);
                return;
            case Decision::Kind::answer:
                read_article(to_ref(d.articles.front()));
                return;
            case Decision::Kind::choose:
                offer_choices(d.articles);
                return;
            case Decision::Kind::callback:
            case Decision::Kind::refused:
                // A concern: no article, and the callback task becomes high priority.
                if (d.risk.concern()) s.risk_categories = d.risk.flags();
                if (d.reason == "kb_none")
                    result.gaps.push_back({s.tenant_id, s.lang, Channel::voice,
                                           KnowledgeGap::Source::none, speech});
                start_callback({say(ctx.prompts.no_answer(s.lang))});
                return;
        }
    }

    // Silence, or keys that mean nothing here. Twice in a row: the callback flow.
    void silence(const std::function<void()>& repeat) {
        if (++s.silences >= 2) {
            start_callback({});
            return;
        }
        repeat();
    }

    VoiceStep finish() {
        result.twiml = result.task ? std::string{} : out.str();
        if (!result.task) {
            ++s.seq;
            s.last_twiml = result.twiml;
        }
        result.state = std::move(s);
        return std::move(result);
    }
};

// The line's own number as the caller dialed it: the caller ID a crisis partner sees.
std::string line_number(const Tenant& tenant, const VoiceRequest& req) {
    if (const auto to = parse_phone(req.to, PhoneUse::dialed)) return to.e164();
    return tenant.numbers.empty() ? std::string{} : tenant.numbers.front();
}

VoiceStep replay(const VoiceState& s) {
    VoiceStep r;
    r.state = s;
    r.twiml = s.last_twiml;
    r.replay = true;
    return r;
}

VoiceStep refuse(const VoiceContext& ctx, const std::optional<VoiceState>& state) {
    VoiceStep r;
    if (state) r.state = *state;
    r.refused = true;
    Twiml t;
    for (auto& [lang, text] : ctx.prompts.unknown_number_voice()) t.say(say_in(ctx, lang, std::move(text)));
    t.hangup();
    r.twiml = t.str();
    return r;
}

void handle_number_digits(Turn& t, const std::string& digits, bool from_confirm) {
    if (const auto n = parse_phone(digits)) {
        t.s.step = Step::confirm_typed;
        t.s.callback_number = n.e164();
        t.s.silences = 0;
        t.gather({t.say(t.ctx.prompts.confirm_typed_number(t.s.lang, digits))}, false,
                 t.ctx.config.key_timeout_s, 1);
        return;
    }
    if (++t.s.attempts >= 3) {
        if (!t.s.from.empty()) {
            t.request_task(t.s.from);
            return;
        }
        t.hang_up({t.ctx.prompts.invalid_number(t.s.lang), t.ctx.prompts.no_number_goodbye(t.s.lang)});
        return;
    }
    t.s.step = from_confirm ? Step::confirm_number : Step::enter_number;
    t.gather({t.say(t.ctx.prompts.invalid_number(t.s.lang)), t.say(t.ctx.prompts.enter_number(t.s.lang))},
             false, t.ctx.config.number_timeout_s, std::nullopt, "#");
}

void no_number_silence(Turn& t) {
    if (++t.s.silences >= 2) {
        if (!t.s.from.empty()) {
            t.request_task(t.s.from);
        } else if (t.s.urgent) {
            // No number and no answer: the guidance once more is all we can give.
            auto texts = guidance_texts(t.ctx.risk, t.s);
            texts.push_back(t.ctx.prompts.no_number_goodbye(t.s.lang));
            t.hang_up(std::move(texts));
        } else {
            t.hang_up({t.ctx.prompts.no_number_goodbye(t.s.lang)});
        }
        return;
    }
    t.gather({t.say(t.ctx.prompts.not_heard(t.s.lang)),
              t.say(t.s.urgent ? t.ctx.prompts.urgent_enter_number(t.s.lang)
                               : t.ctx.prompts.enter_number(t.s.lang))},
             false, t.ctx.config.number_timeout_s, std::nullopt, "#");
}

}  // namespace

std::string_view to_string(VoiceState::Step s) {
    switch (s) {
        case Step::ask:
            return "ask";
        case Step::after_answer:
            return "after_answer";
        case Step::choosing:
            return "choosing";
        case Step::confirm_number:
            return "confirm_number";
        case Step::enter_number:
            return "enter_number";
        case Step::confirm_typed:
            return "confirm_typed";
        case Step::ask_voicemail:
            return "ask_voicemail";
        case Step::ask_announce:
            return "ask_announce";
        case Step::ask_window:
            return "ask_window";
        case Step::ask_weekend:
            return "ask_weekend";
        case Step::ask_alt_number:
            return "ask_alt_number";
        case Step::ask_note:
            return "ask_note";
        case Step::offer_transfer:
            return "offer_transfer";
        case Step::transferring:
            return "transferring";
        case Step::creating_task:
            return "creating_task";
        case Step::done:
            return "done";
    }
    return "unknown";
}

std::map<std::string, std::string> speech_hints(const RiskDetector& risk,
                                                const std::map<std::string, std::string>& keywords) {
    std::map<std::string, std::string> hints = risk.speech_hints();
    for (const auto& [lang, words] : keywords) {
        auto& h = hints[lang];
        h += (h.empty() ? "" : ",") + words;
    }
    return hints;
}

ArticleRef to_ref(const KbArticle& a) {
    return ArticleRef{a.id, a.title, a.text, a.spoken, a.links, a.topic};
}

// "voice6": the record format of routing/record.hpp; fields in this order. The older forms
// (voice2 without the transfer fields, voice3 without the terms, voice4 without the spoken
// note and the window, voice5 without the weekend and the other number) are still read, so
// calls under way survive an upgrade.
constexpr std::string_view voice_record_tag = "voice6";
constexpr std::string_view voice5_record_tag = "voice5";  // before the weekend and other number
constexpr std::string_view voice4_record_tag = "voice4";  // before the spoken note and window
constexpr std::string_view voice3_record_tag = "voice3";  // before the family's terms
constexpr std::string_view voice2_record_tag = "voice2";

std::string encode_voice_state(const VoiceState& s) {
    RecordWriter w(voice_record_tag);
    w.add(s.call_sid).add(s.tenant_id).add(s.lang).add(s.from).add(to_string(s.step));
    w.add(s.seq).add(s.silences).add(s.attempts).add(s.language_offered).add(s.urgent);
    w.add(s.risk_categories).add(s.question).add(s.callback_number);
    w.add(static_cast<int>(s.choices.size()));
    for (const auto& c : s.choices) w.add(c.id).add(c.title).add(c.spoken.empty() ? c.text : c.spoken);
    w.add(s.answered_article).add(s.reference).add(s.task_created).add(s.last_twiml);
    w.add(s.transfer_to).add(s.transfer_status);
    w.add(s.voicemail).add(s.announce_cjg).add(s.terms_note).add(s.window);
    w.add(s.no_weekend).add(s.alt_phone);
    return w.take();
}

namespace {

std::optional<VoiceState::Step> step_named(std::string_view name) {
    for (VoiceState::Step st : all_steps)
        if (to_string(st) == name) return st;
    return std::nullopt;
}

std::optional<VoiceState> decode_voice_record(std::string_view text, std::string_view tag) {
    RecordReader r(text, tag);
    VoiceState s;
    r.read(s.call_sid);
    r.read(s.tenant_id);
    r.read(s.lang);
    r.read(s.from);
    const auto step = step_named(r.next());
    r.read(s.seq);
    r.read(s.silences);
    r.read(s.attempts);
    r.read(s.language_offered);
    r.read(s.urgent);
    r.read(s.risk_categories);
    r.read(s.question);
    r.read(s.callback_number);
    const std::size_t n = r.count();
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
        ArticleRef c;
        r.read(c.id);
        r.read(c.title);
        r.read(c.spoken);
        s.choices.push_back(std::move(c));
    }
    r.read(s.answered_article);
    r.read(s.reference);
    r.read(s.task_created);
    r.read(s.last_twiml);
    if (tag != voice2_record_tag) {
        r.read(s.transfer_to);
        r.read(s.transfer_status);
    }
    const bool v5 = tag == voice_record_tag || tag == voice5_record_tag;
    if (v5 || tag == voice4_record_tag) {
        r.read(s.voicemail);
        r.read(s.announce_cjg);
    }
    if (v5) {
        r.read(s.terms_note);
        r.read(s.window);
    }
    if (tag == voice_record_tag) {
        r.read(s.no_weekend);
        r.read(s.alt_phone);
    }
    if (!r.ok() || !r.at_end() || !step) return std::nullopt;
    s.step = *step;
    return s;
}

}  // namespace

std::optional<VoiceState> decode_voice_state(std::string_view text) {
    if (text.starts_with(voice2_record_tag)) return decode_voice_record(text, voice2_record_tag);
    if (text.starts_with(voice3_record_tag)) return decode_voice_record(text, voice3_record_tag);
    if (text.starts_with(voice4_record_tag)) return decode_voice_record(text, voice4_record_tag);
    if (text.starts_with(voice5_record_tag)) return decode_voice_record(text, voice5_record_tag);
    return decode_voice_record(text, voice_record_tag);
}

VoiceRequest VoiceRequest::from_form(const FormParams& p, std::optional<int> seq) {
    VoiceRequest r;
    r.call_sid = form_value(p, "CallSid");
    r.from = form_value(p, "From");
    r.to = form_value(p, "To");
    r.speech = std::string(trim(form_value(p, "SpeechResult")));
    r.digits = std::string(trim(form_value(p, "Digits")));
    r.call_status = form_value(p, "CallStatus");
    r.dial_status = form_value(p, "DialCallStatus");
    r.seq = seq;
    return r;
}

VoiceStep voice_incoming(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                         const VoiceRequest& req) {
    // A retried first webhook: the greeting again, not a second conversation.
    if (state) return replay(*state);
    const Tenant* tenant = ctx.tenants.by_number(req.to);
    if (!tenant) return refuse(ctx, state);
    Turn t{ctx, *tenant, {}, {}, {}, line_number(*tenant, req)};
    t.s.call_sid = req.call_sid;
    t.s.tenant_id = tenant->id;
    t.s.lang = TenantDirectory::default_language(*tenant);
    t.s.from = parse_phone(req.from).e164();
    t.result.counts.push_back(contact_started(tenant->id, "voice", t.s.lang));
    std::vector<std::variant<Say, Pause>> intro{t.say(ctx.prompts.greeting(*tenant, t.s.lang))};
    // "For English, press 9", "Türkçe için 3'e basın": each of the tenant's other languages
    // offered in that language and its voice.
    for (auto& [lang, option] : ctx.prompts.menu(*tenant, t.s.lang)) {
        t.s.language_offered = true;
        intro.push_back(say_in(ctx, lang, std::move(option)));
    }
    t.ask(std::move(intro));
    return t.finish();
}

VoiceStep voice_gather(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                       const VoiceRequest& req) {
    if (!state) {
        // A gather without a conversation (state expired or lost): start again, but what the
        // caller just said is not dropped. It is the question of the new conversation, so a
        // risk phrase still gets the guidance and an urgent task at once.
        VoiceStep fresh = voice_incoming(ctx, std::nullopt, req);
        if (fresh.refused || req.speech.empty()) return fresh;
        VoiceRequest asked = req;
        asked.seq = fresh.state.seq;
        asked.digits.clear();
        VoiceStep step = voice_gather(ctx, fresh.state, asked);
        step.counts.insert(step.counts.begin(), fresh.counts.begin(), fresh.counts.end());
        return step;
    }
    const int seq = req.seq.value_or(state->seq);
    if (seq != state->seq || state->step == Step::done) return replay(*state);
    const Tenant* tenant = ctx.tenants.by_id(state->tenant_id);
    if (!tenant) return refuse(ctx, state);
    Turn t{ctx, *tenant, *state, {}, {}, line_number(*tenant, req)};
    auto& s = t.s;
    const std::string& digits = req.digits;
    const std::string& speech = req.speech;

    switch (s.step) {
        case Step::ask:
            if (digits.size() == 1 && s.language_offered) {
                if (const auto lang = ctx.prompts.language_for_key(*tenant, digits[0])) {
                    s.lang = *lang;
                    s.language_offered = false;
                    t.ask();
                    break;
                }
            }
            if (!speech.empty()) {
                s.language_offered = false;
                t.route_question(speech);
                break;
            }
            t.silence([&] { t.ask({t.say(ctx.prompts.not_heard(s.lang))}); });
            break;

        case Step::after_answer:
            if (digits == "1") {
                t.result.feedback.push_back(
                    {s.tenant_id, s.lang, s.answered_article, Channel::voice, true});
                t.hang_up({ctx.prompts.goodbye_helped(s.lang)});
            } else if (digits == "2") {
                t.result.feedback.push_back(
                    {s.tenant_id, s.lang, s.answered_article, Channel::voice, false});
                t.result.gaps.push_back({s.tenant_id, s.lang, Channel::voice,
                                         KnowledgeGap::Source::not_helped,
                                         last_question(s.question)});
                t.start_callback({});
            } else if (!speech.empty()) {
                t.route_question(speech);
            } else {
                t.silence([&] {
                    t.gather({t.say(ctx.prompts.helped_keys(s.lang))}, false, ctx.config.key_timeout_s,
                             1);
                });
            }
            break;

        case Step::choosing: {
            const int pick = digits.size() == 1 ? digits[0] - '0' : -1;
            if (pick >= 1 && pick <= static_cast<int>(s.choices.size())) {
                s.silences = 0;
                t.read_article(s.choices[static_cast<std::size_t>(pick - 1)]);
            } else if (pick == 0) {
                t.start_callback({});
            } else if (!speech.empty()) {
                t.route_question(speech);
            } else {
                t.silence([&] {
                    std::vector<std::string> titles;
                    for (const auto& c : s.choices) titles.push_back(c.title);
                    t.gather({t.say(ctx.prompts.choose_intro(s.lang, titles))}, false,
                             ctx.config.key_timeout_s, 1);
                });
            }
            break;
        }

        case Step::confirm_number:
            if (digits == "1") {
                t.ask_terms(s.from);
            } else if (digits.size() > 1) {
                handle_number_digits(t, digits, true);
            } else if (!digits.empty()) {
                // Another single key is not a yes (a tester's finding: it was): the caller is
                // there and may mean another number. Asked once more; a second wrong key asks
                // for the number itself.
                if (++s.silences >= 2) {
                    s.step = Step::enter_number;
                    s.silences = 0;
                    t.gather({t.say(ctx.prompts.not_heard(s.lang)), t.say(ctx.prompts.enter_number(s.lang))},
                             false, ctx.config.number_timeout_s, std::nullopt, "#");
                } else {
                    t.gather({t.say(ctx.prompts.not_heard(s.lang)),
                              t.say(ctx.prompts.confirm_caller_number(
                                  s.lang, std::string_view(s.from).substr(s.from.size() - 4)))},
                             false, ctx.config.number_timeout_s, std::nullopt, "#");
                }
            } else if (++s.silences >= 2) {
                // They asked to be called back and stay silent: their own number, and no more
                // questions. The terms keep their cautious defaults (no voicemail, a neutral
                // announcement, any time): a caller who cannot or dare not speak heard about two
                // minutes of questions before (a tester's finding).
                t.request_task(s.from);
            } else {
                t.gather({t.say(ctx.prompts.confirm_caller_number(
                             s.lang, std::string_view(s.from).substr(s.from.size() - 4)))},
                         false, ctx.config.number_timeout_s, std::nullopt, "#");
            }
            break;

        case Step::enter_number:
            if (!digits.empty())
                handle_number_digits(t, digits, false);
            else
                no_number_silence(t);
            break;

        case Step::confirm_typed:
            if (digits == "1") {
                t.ask_terms(s.callback_number);
            } else if (digits == "2") {
                s.step = Step::enter_number;
                s.callback_number.clear();
                t.gather({t.say(ctx.prompts.enter_number(s.lang))}, false, ctx.config.number_timeout_s,
                         std::nullopt, "#");
            } else if (++s.silences >= 2) {
                t.ask_terms(s.callback_number);  // typed on purpose; silence is not a no
            } else {
                t.gather({t.say(ctx.prompts.confirm_typed_number(s.lang, s.callback_number))}, false,
                         ctx.config.key_timeout_s, 1);
            }
            break;

        case Step::ask_voicemail:
        case Step::ask_announce:
            t.answer_term(digits, speech);
            break;

        case Step::ask_window:
            t.answer_window(digits);
            break;

        case Step::ask_weekend:
            t.answer_weekend(digits, speech);
            break;

        case Step::ask_alt_number:
            t.answer_alt_number(digits);
            break;

        case Step::ask_note:
            t.answer_note(speech);  // a key or silence: no note
            break;

        case Step::offer_transfer: {
            const auto target = t.target();
            const Reply reply = transfer_reply(ctx.prompts, digits, speech);
            if (reply == Reply::yes && target) {
                t.put_through(*target);
            } else if (reply == Reply::no || !target) {
                t.urgent_callback({});
            } else {
                if (!speech.empty()) t.add_to_question(speech);
                if (++s.silences >= 2) {
                    // Still no answer: the urgent callback, which ends with the numbers again.
                    t.urgent_callback({});
                } else {
                    // The numbers once more before the offer again: they may be all the caller
                    // takes from this call.
                    std::vector<std::variant<Say, Pause>> again{t.say(ctx.prompts.not_heard(s.lang))};
                    for (auto& g : guidance_texts(ctx.risk, s)) again.push_back(t.say(std::move(g)));
                    t.offer_transfer(*target, std::move(again));
                }
            }
            break;
        }

        case Step::transferring:
            // A gather cannot arrive while the <Dial> runs; its action is voice_dial.
            return replay(*state);

        case Step::creating_task:
            // The previous attempt did not finish: ask for the same task again (same key).
            t.request_task(s.callback_number);
            break;

        case Step::done:
            return replay(*state);
    }
    return t.finish();
}

VoiceStep voice_dial(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                     const VoiceRequest& req) {
    // The call's state is gone: who was put through to whom is unknown, so the conversation
    // starts again (what the caller says is routed, risk first, as for a lost gather).
    if (!state) return voice_incoming(ctx, std::nullopt, req);
    const int seq = req.seq.value_or(state->seq);
    if (seq != state->seq || state->step != Step::transferring) return replay(*state);
    const Tenant* tenant = ctx.tenants.by_id(state->tenant_id);
    if (!tenant) return refuse(ctx, state);
    Turn t{ctx, *tenant, *state, {}, {}, line_number(*tenant, req)};
    t.s.transfer_status = req.dial_status.empty() ? "unknown" : req.dial_status;
    if (t.s.transfer_status == "completed") {
        // They talked with the partner; the partner hung up first. No callback needed.
        t.hang_up({ctx.prompts.transfer_goodbye(t.s.lang)});
        return t.finish();
    }
    // busy, no-answer, failed, canceled: the urgent callback. A caller with a number goes
    // straight to the task, and voice_task_done says the transfer failed.
    std::vector<std::variant<Say, Pause>> before;
    if (const auto target = t.target())
        before.push_back(t.say(ctx.prompts.transfer_unreachable(t.s.lang, target->spoken)));
    t.urgent_callback(std::move(before));
    return t.finish();
}

VoiceStep voice_task_done(const VoiceContext& ctx, VoiceState state,
                          const std::optional<TaskCreated>& created) {
    const Tenant* tenant = ctx.tenants.by_id(state.tenant_id);
    if (!tenant) return refuse(ctx, state);
    Turn t{ctx, *tenant, std::move(state), {}, {}, {}};
    std::vector<std::string> texts;
    // A failed transfer of a caller with a number leads straight here (an anonymous caller
    // heard it before typing a number).
    const bool transfer_failed = !t.s.transfer_status.empty() && t.s.transfer_status != "completed";
    if (transfer_failed && !t.s.from.empty())
        if (const auto target = t.target())
            texts.push_back(ctx.prompts.transfer_unreachable(t.s.lang, target->spoken));
    if (t.s.urgent)
        for (auto& g : guidance_texts(ctx.risk, t.s)) texts.push_back(std::move(g));
    if (created) {
        t.s.reference = created->reference;
        t.s.task_created = true;
        texts.push_back(
            ctx.prompts.task_created_voice(*tenant, t.s.lang, created->reference, t.s.urgent));
    } else {
        texts.push_back(ctx.prompts.task_failed_voice(t.s.lang));
    }
    t.hang_up(std::move(texts));
    return t.finish();
}

std::string voice_unavailable(const VoiceContext& ctx, const VoiceRequest& req) {
    const Tenant* tenant = ctx.tenants.by_number(req.to);
    if (!tenant) return refuse(ctx, std::nullopt).twiml;
    const auto speech = utf8_prefix(req.speech, max_question_bytes);
    Twiml t;
    for (const auto& lang : tenant->languages) {
        if (const auto risk = ctx.risk.detect(lang, speech); risk.any())
            t.say(say_in(ctx, lang, risk.spoken_text()));
        t.say(say_in(ctx, lang, ctx.prompts.line_unavailable_voice(lang)));
    }
    return t.hangup().str();
}

VoiceStep voice_status(const VoiceContext& ctx, const std::optional<VoiceState>& state,
                       const VoiceRequest& req) {
    (void)ctx;
    VoiceStep r;
    CallOutcome o;
    o.call_sid = req.call_sid;
    if (!state) {
        o.outcome = req.call_status.empty() ? "unknown" : req.call_status;
        o.stage = "none";
        r.outcome = o;
        return r;
    }
    r.state = *state;
    o.tenant_id = state->tenant_id;
    o.stage = std::string(to_string(state->step));
    o.task_created = state->task_created;
    if (req.call_status != "completed" && !req.call_status.empty())
        o.outcome = req.call_status;
    else if (state->transfer_status == "completed")
        o.outcome = "transferred";  // put through to a crisis partner, who answered
    else
        o.outcome = state->step == Step::done ? "completed" : "abandoned";
    // Hung up after asking for a callback, with a number we can use: keep the promise.
    const bool terms = state->step == Step::ask_voicemail || state->step == Step::ask_announce ||
                       state->step == Step::ask_window || state->step == Step::ask_weekend ||
                       state->step == Step::ask_alt_number || state->step == Step::ask_note;
    const bool asked = state->step == Step::confirm_number || state->step == Step::confirm_typed ||
                       state->step == Step::creating_task || terms || state->urgent;
    if (!state->task_created && state->step != Step::done && asked) {
        std::string phone =
            state->step == Step::confirm_typed ? state->callback_number : state->from;
        if (state->step == Step::creating_task || terms) phone = state->callback_number;
        if (!phone.empty()) {
            r.task = call_task(*state, std::move(phone));
            if (auto gap = handoff_gap(*r.task, !state->answered_article.empty()))
                r.gaps.push_back(std::move(*gap));
        }
    }
    r.outcome = o;
    return r;
}

}  // namespace advieslijn::routing
