#include "routing/messaging.hpp"

#include <charconv>

#include "common/phone.hpp"
#include "routing/answer_cache.hpp"
#include "routing/prompts.hpp"
#include "routing/record.hpp"
#include "routing/text.hpp"
#include "routing/twiml.hpp"

namespace advieslijn::routing {
namespace {


// The message as a command word: folded, punctuation and surrounding space removed.
std::string command_of(std::string_view text) {
    std::string out;
    for (const auto& t : tokenize(fold_text(text), {})) out += (out.empty() ? "" : " ") + t.text;
    return out;
}

// The thread's channel as the statistics name it: WhatsApp arrives on the same webhook.
std::string channel_name(const SmsState& s) {
    return s.channel_prefix == "whatsapp:" ? "whatsapp" : "sms";
}


std::optional<std::size_t> pick_index(std::string_view cmd, std::string_view raw,
                                      const std::vector<ArticleRef>& choices) {
    if (cmd.size() == 1 && cmd[0] >= '1' && cmd[0] <= '9') {
        const auto i = static_cast<std::size_t>(cmd[0] - '1');
        if (i < choices.size()) return i;
    }
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (trim(raw) == choices[i].id) return i;  // the widget sends the id of a button
    return std::nullopt;
}

// The question of a terms step.
std::string terms_question(const MessagingContext& ctx, SmsTermsStep step, std::string_view lang) {
    switch (step) {
        case SmsTermsStep::voicemail:
            return ctx.prompts.sms_ask_voicemail(lang);
        case SmsTermsStep::announce:
            return ctx.prompts.sms_ask_announce(lang);
        case SmsTermsStep::times:
            return ctx.prompts.sms_ask_times(lang);
        case SmsTermsStep::alt_number:
            return ctx.prompts.sms_ask_alt_number(lang);
        case SmsTermsStep::note:
            return ctx.prompts.sms_ask_note(lang);
        case SmsTermsStep::none:
            break;
    }
    return {};
}

// "3 4": the safe part of the day (1 morning, 2 afternoon, 3 evening; 0 or none: any time)
// and 4 for "not in the weekend", digits separated by anything but letters. `read` is false
// for anything else (a sentence, kept as a note); `two_windows` for two different parts of
// the day, which the task cannot keep (it has one window): the question is asked again.
struct SafeTimes {
    bool read = false;
    bool two_windows = false;
    std::string window = "any";
    bool no_weekend = false;
};
SafeTimes parse_safe_times(std::string_view body) {
    SafeTimes t;
    for (const char c : body) {
        const auto u = static_cast<unsigned char>(c);
        if (c >= '0' && c <= '4') {
            t.read = true;
            if (c == '4') {
                t.no_weekend = true;
            } else if (c != '0') {
                const std::string w(window_for_key(c));
                if (t.window != "any" && t.window != w) t.two_windows = true;
                t.window = w;
            }
        } else if (std::isalnum(u) || u >= 0x80) {
            return {};  // a word or another digit
        }
    }
    return t;
}

// One answer to the terms question being asked, and the step after it. Yes or no (in any
// language) answers it; a sentence instead is kept in the note for the specialist and counts
// as the cautious no, as silence does on the phone. The times question takes digits ("3 4"),
// the number question a phone number. The update is empty when nothing is to be stored.
struct TermsAnswer {
    std::optional<TermsUpdate> update;
    bool again = false;  // not readable as asked ("1 3"): ask the same question again
};
TermsAnswer answer_terms(const MessagingContext& ctx, SmsState& s, std::string_view cmd,
                         std::string_view body) {
    const bool yes = ctx.prompts.is_word("yes", cmd);
    bool understood = yes || ctx.prompts.is_word("no", cmd) || ctx.prompts.is_word("call", cmd);
    TermsUpdate u;
    u.tenant_id = s.tenant_id;
    u.task_id = s.task_id;
    switch (s.terms_step) {
        case SmsTermsStep::voicemail:
            u.voicemail = yes;
            s.terms_step = SmsTermsStep::announce;
            break;
        case SmsTermsStep::announce:
            u.announce_cjg = yes;
            s.terms_step = SmsTermsStep::times;
            break;
        case SmsTermsStep::times: {
            const SafeTimes t = parse_safe_times(body);
            if (t.two_windows) return {std::nullopt, true};
            if (t.read) {
                understood = true;
                if (t.window != s.window || t.no_weekend != s.no_weekend) {
                    u.window = t.window;
                    u.no_weekend = t.no_weekend;
                }
            }
            s.terms_step = SmsTermsStep::alt_number;
            break;
        }
        case SmsTermsStep::alt_number:
            if (const auto phone = parse_phone(body); phone) {
                understood = true;
                if (phone.e164() != s.from) u.alt_phone = phone.e164();
            }
            s.terms_step = SmsTermsStep::note;
            break;
        case SmsTermsStep::note:
        case SmsTermsStep::none:
            s.terms_step = SmsTermsStep::none;
            break;
    }
    if (!understood) {
        const auto said = one_line(body, max_terms_note_bytes);
        u.note = s.terms_note.empty() ? said
                                      : utf8_prefix(s.terms_note + " / " + said, max_terms_note_bytes);
    }
    if (!u.voicemail && !u.announce_cjg && !u.note && !u.window && !u.no_weekend && !u.alt_phone)
        return {};
    return {std::move(u), false};
}

// "We leave no voicemail. We only give our first name." as the task has them now.
std::string terms_summary(const MessagingContext& ctx, const SmsState& s) {
    return ctx.prompts.sms_terms_summary(
        s.lang, {s.voicemail, s.announce_cjg, s.window, s.no_weekend, s.alt_phone});
}

// After an answer: the next question, or what was noted and what the specialist will do.
std::string next_terms_reply(const MessagingContext& ctx, const SmsState& s) {
    return s.terms_step == SmsTermsStep::none
               ? ctx.prompts.sms_terms_saved(s.lang) + " " + terms_summary(ctx, s)
               : terms_question(ctx, s.terms_step, s.lang);
}

}  // namespace

// Title, text, links, then "did this help?". A text too long for max_sms_chars is cut at the
// last sentence end that fits (a word's end if none does), never the links: they are where
// the rest of the answer is (a tester's finding: the links were what a long answer lost).
std::string article_sms(const MessagingContext& ctx, const ArticleRef& a, std::string_view lang) {
    std::string links;
    for (const auto& l : a.links) links += "\n" + l.title + ": " + l.url;
    const auto footer = "\n\n" + ctx.prompts.sms_answer_footer(lang);
    const std::size_t fixed = a.title.size() + 2 + links.size() + footer.size();
    std::string text = a.text;
    if (fixed + text.size() > ctx.max_sms_chars && ctx.max_sms_chars > fixed + 40) {
        text = utf8_prefix(text, ctx.max_sms_chars - fixed - 4);
        std::size_t cut = text.find_last_of(".!?");
        if (cut == std::string::npos || cut < text.size() / 2) cut = text.find_last_of(" \n");
        if (cut != std::string::npos) text.resize(cut + 1);
        while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
        const bool sentence = !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
        text += sentence ? " ..." : "...";
    }
    return a.title + "\n\n" + text + links + footer;
}

// "sms3": the record format of routing/record.hpp, as voice calls use; fields in this order.
// "sms1" (without the terms fields at the end) and "sms2" (without the safe times and the
// other number) are still read: threads survive an upgrade.
constexpr std::string_view sms_record_tag = "sms3";
constexpr std::string_view sms2_record_tag = "sms2";
constexpr std::string_view sms1_record_tag = "sms1";

std::string encode_sms_state(const SmsState& s) {
    RecordWriter w(sms_record_tag);
    w.add(s.tenant_id).add(s.lang).add(s.from).add(s.channel_prefix);
    w.add(static_cast<int>(s.choices.size()));
    for (const auto& c : s.choices) {
        w.add(c.id).add(c.title).add(c.text).add(static_cast<int>(c.links.size()));
        for (const auto& l : c.links) w.add(l.title).add(l.url);
    }
    w.add(s.answered_article).add(s.offered_callback).add(s.urgent).add(s.risk_categories);
    w.add(s.question).add(s.last_message_sid).add(s.last_twiml).add(s.reference);
    w.add(s.task_id).add(static_cast<int>(s.terms_step)).add(s.voicemail).add(s.announce_cjg);
    w.add(s.terms_note).add(std::to_string(s.last_at_ms));
    w.add(s.window).add(s.no_weekend).add(s.alt_phone);
    return w.take();
}

std::optional<SmsState> decode_sms_state(std::string_view text) {
    const auto tag = text.starts_with(sms1_record_tag)   ? sms1_record_tag
                     : text.starts_with(sms2_record_tag) ? sms2_record_tag
                                                         : sms_record_tag;
    RecordReader r(text, tag);
    SmsState s;
    r.read(s.tenant_id);
    r.read(s.lang);
    r.read(s.from);
    r.read(s.channel_prefix);
    const std::size_t n = r.count();
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
        ArticleRef c;
        r.read(c.id);
        r.read(c.title);
        r.read(c.text);
        const std::size_t links = r.count();
        for (std::size_t k = 0; k < links && r.ok(); ++k) {
            KbLink l;
            r.read(l.title);
            r.read(l.url);
            c.links.push_back(std::move(l));
        }
        s.choices.push_back(std::move(c));
    }
    r.read(s.answered_article);
    r.read(s.offered_callback);
    r.read(s.urgent);
    r.read(s.risk_categories);
    r.read(s.question);
    r.read(s.last_message_sid);
    r.read(s.last_twiml);
    r.read(s.reference);
    if (tag != sms1_record_tag) {
        r.read(s.task_id);
        int step = 0;
        r.read(step);
        if (step < 0 || step > static_cast<int>(SmsTermsStep::alt_number)) return std::nullopt;
        s.terms_step = static_cast<SmsTermsStep>(step);
        r.read(s.voicemail);
        r.read(s.announce_cjg);
        r.read(s.terms_note);
        std::string at;
        r.read(at);
        const auto [end, ec] = std::from_chars(at.data(), at.data() + at.size(), s.last_at_ms);
        if (ec != std::errc{} || end != at.data() + at.size()) return std::nullopt;
    }
    if (tag == sms_record_tag) {
        r.read(s.window);
        r.read(s.no_weekend);
        r.read(s.alt_phone);
    }
    if (!r.ok() || !r.at_end()) return std::nullopt;
    return s;
}

SmsStep sms_message(const MessagingContext& ctx, const std::optional<SmsState>& state,
                    const SmsRequest& req) {
    SmsStep out;
    const Tenant* tenant = ctx.tenants.by_number(strip_channel_prefix(req.to));
    if (!tenant) {
        out.refused = true;
        out.twiml = Twiml().message(ctx.prompts.unknown_tenant_text()).str();
        return out;
    }
    if (state && !req.message_sid.empty() && state->last_message_sid == req.message_sid &&
        !state->last_twiml.empty()) {
        out.state = *state;
        out.twiml = state->last_twiml;
        out.replay = true;
        return out;
    }
    SmsState s;
    if (state && state->tenant_id == tenant->id) {
        s = *state;
    } else {
        s.tenant_id = tenant->id;
        s.lang = TenantDirectory::default_language(*tenant);
        const auto from = strip_channel_prefix(req.from);
        s.channel_prefix = std::string(req.from.substr(0, req.from.size() - from.size()));
        s.from = parse_phone(from).e164();
        out.counts.push_back(contact_started(s.tenant_id, channel_name(s), s.lang));
    }
    s.last_message_sid = req.message_sid;
    // The question was the answer to the message before this one: when that is long ago, the
    // family has moved on and this message is routed as any other.
    if (s.terms_step != SmsTermsStep::none && req.at_ms > 0 && s.last_at_ms > 0 &&
        req.at_ms - s.last_at_ms > sms_terms_answer_ms)
        s.terms_step = SmsTermsStep::none;
    if (req.at_ms > 0) s.last_at_ms = req.at_ms;
    const auto cmd = command_of(req.body);
    // A reply word of any language: yes, no, call me.
    const auto said = [&](std::string_view list) { return ctx.prompts.is_word(list, cmd); };
    std::string reply;

    // STOP, "afmelden" (any language's stop word, as the whole message): the family wants no
    // more messages in this thread. Whatever was open (a terms question, choices, a callback
    // offer) is dropped, and nothing is routed or counted as a question (a tester's finding:
    // they were read as questions and answered with a callback offer). A task already
    // requested stays: the reply says so. Twilio blocks replies after its own English keywords
    // on long codes, not after the Dutch ones.
    if (said("stop")) {
        s.terms_step = SmsTermsStep::none;
        s.choices.clear();
        s.offered_callback = false;
        s.answered_article.clear();
        s.question.clear();
        out.twiml = Twiml().message(ctx.prompts.sms_stopped(s.lang)).str();
        s.last_twiml = out.twiml;
        out.state = std::move(s);
        return out;
    }

    // A terms question is open. A phrase-list risk signal leaves it and is routed as any
    // message (its task joins the open one, which becomes urgent, or high priority for a
    // concern phrase such as "niemand zou me missen"); anything else answers it.
    // Not the classifier: it reads the very notes this question asks for as crises ("Bel niet
    // als mijn man opneemt": suicide, 0.95), and a note reaches the specialist anyway, in
    // bold above the number.
    if (s.terms_step != SmsTermsStep::none &&
        ctx.risk.detect_phrases(s.lang, utf8_prefix(req.body, max_question_bytes)).level == RiskLevel::none) {
        std::string terms_reply;
        auto answer = cmd.empty() ? TermsAnswer{std::nullopt, true}
                                  : answer_terms(ctx, s, cmd, trim(req.body));
        if (answer.update) {
            out.terms_update = std::move(answer.update);
            out.state = std::move(s);
            return out;  // the reply follows in sms_terms_done
        }
        terms_reply = answer.again ? terms_question(ctx, s.terms_step, s.lang)
                                   : next_terms_reply(ctx, s);
        out.twiml = Twiml().message(terms_reply).str();
        s.last_twiml = out.twiml;
        out.state = std::move(s);
        return out;
    }
    // The terms are asked only once a task was made: a concern told during them joins it at once.
    const bool task_open = s.terms_step != SmsTermsStep::none;
    s.terms_step = SmsTermsStep::none;

    auto request_task = [&](bool urgent) {
        TaskRequest t;
        t.idempotency_key = "sms:" + req.message_sid;
        t.tenant_id = s.tenant_id;
        t.channel = Channel::sms;
        t.lang = s.lang;
        t.phone = s.from;
        t.question = s.question;
        t.urgent = urgent;
        t.risk_categories = s.risk_categories;
        if (auto gap = handoff_gap(t, !s.answered_article.empty())) out.gaps.push_back(std::move(*gap));
        out.task = std::move(t);
        s.urgent = urgent;  // the confirmation repeats guidance only for this urgent task
        s.offered_callback = false;
        s.choices.clear();
    };
    auto remember_question = [&] {
        if (!s.question.empty()) s.question += " / ";
        s.question = utf8_prefix(s.question + std::string(trim(req.body)), max_question_bytes);
    };

    if (cmd.empty() || ctx.prompts.is_greeting(cmd)) {
        // Nothing, or only a hello: the invitation to ask (a greeting is no question).
        reply = ctx.prompts.sms_empty(s.lang);
    } else if (const auto lang = ctx.prompts.language_named(*tenant, cmd)) {
        // "English", "Türkçe": the language's own name switches to it.
        s.lang = *lang;
        reply = ctx.prompts.sms_empty(s.lang);
    } else if (const auto i = pick_index(cmd, req.body, s.choices)) {
        const auto a = s.choices[*i];
        s.choices.clear();
        s.answered_article = a.id;
        reply = article_sms(ctx, a, s.lang);
    } else if ((cmd == "0" && !s.choices.empty()) || said("call") ||
               (s.offered_callback && said("yes"))) {
        if (!s.from.empty()) {
            request_task(false);
        } else {
            reply = ctx.prompts.sms_task_failed(s.lang);
        }
    } else if (!s.answered_article.empty() && (said("yes") || said("no"))) {
        out.feedback.push_back(
            {s.tenant_id, s.lang, s.answered_article, Channel::sms, said("yes")});
        if (said("no"))
            out.gaps.push_back({s.tenant_id, s.lang, Channel::sms, KnowledgeGap::Source::not_helped,
                                last_question(s.question)});
        s.answered_article.clear();
        if (said("yes")) {
            reply = ctx.prompts.sms_thanks(s.lang);
        } else {
            s.offered_callback = true;
            reply = ctx.prompts.sms_handoff(*tenant, s.lang);
        }
    } else {
        remember_question();
        const auto d = route(ctx.risk, ctx.kb, *tenant, Channel::sms, s.lang, req.body, ctx.answers);
        out.counts.push_back(question_routed(s.tenant_id, channel_name(s), d));
        s.answered_article.clear();
        s.offered_callback = false;
        switch (d.kind) {
            case Decision::Kind::urgent:
                s.urgent = true;
                s.risk_categories = d.risk.categories();
                if (!s.from.empty())
                    request_task(true);  // guidance goes out with the confirmation
                else
                    reply = d.risk.chat_text();
                break;
            case Decision::Kind::answer: {
                const auto a = to_ref(d.articles.front());
                s.answered_article = a.id;
                s.choices.clear();
                reply = article_sms(ctx, a, s.lang);
                break;
            }
            case Decision::Kind::choose: {
                s.choices.clear();
                std::vector<std::string> titles;
                for (const auto& a : d.articles) {
                    s.choices.push_back(to_ref(a));
                    titles.push_back(a.title);
                }
                reply = ctx.prompts.sms_choices(s.lang, titles);
                break;
            }
            case Decision::Kind::callback:
            case Decision::Kind::refused:
                // A concern: no article, and the callback task becomes high priority. With the
                // family's task just made (the terms were being asked), it joins that task now
                // instead of offering a second callback.
                if (d.risk.concern()) {
                    s.risk_categories = d.risk.flags();
                    if (task_open && !s.from.empty()) {
                        request_task(false);
                        break;
                    }
                }
                if (d.reason == "kb_none")
                    out.gaps.push_back({s.tenant_id, s.lang, Channel::sms,
                                        KnowledgeGap::Source::none, std::string(trim(req.body))});
                s.choices.clear();
                s.offered_callback = true;
                reply = ctx.prompts.sms_handoff(*tenant, s.lang);
                break;
        }
    }
    if (!out.task) {
        out.twiml = Twiml().message(reply).str();
        s.last_twiml = out.twiml;
    }
    out.state = std::move(s);
    return out;
}

std::string sms_unavailable(const MessagingContext& ctx, const SmsRequest& req) {
    const Tenant* tenant = ctx.tenants.by_number(strip_channel_prefix(req.to));
    if (!tenant) return Twiml().message(ctx.prompts.unknown_tenant_text()).str();
    const auto body = utf8_prefix(req.body, max_question_bytes);
    std::string reply;
    for (const auto& lang : tenant->languages) {
        if (!reply.empty()) reply += "\n\n";
        if (const auto risk = ctx.risk.detect(lang, body); risk.any())
            reply += risk.chat_text() + "\n\n";
        reply += ctx.prompts.line_unavailable_sms(lang);
    }
    return Twiml().message(reply).str();
}

SmsStep sms_task_done(const MessagingContext& ctx, SmsState s,
                      const std::optional<TaskCreated>& created) {
    SmsStep out;
    const Tenant* tenant = ctx.tenants.by_id(s.tenant_id);
    std::string reply;
    if (s.urgent) {
        for (const auto& c : s.risk_categories)
            if (const auto* g = ctx.risk.guidance(s.lang, c)) reply += g->chat + "\n\n";
    }
    if (created && tenant) {
        s.reference = created->reference;
        reply += ctx.prompts.sms_task_created(*tenant, s.lang, created->reference, s.urgent);
        if (created->fresh) {
            s.task_id = created->id;
            s.voicemail = false;
            s.announce_cjg = false;
            s.window = "any";
            s.no_weekend = false;
            s.alt_phone.clear();
            s.terms_note.clear();
            s.terms_step = s.urgent ? SmsTermsStep::note : SmsTermsStep::voicemail;
            if (s.urgent) reply += " " + terms_summary(ctx, s);
            reply += "\n\n" + terms_question(ctx, s.terms_step, s.lang);
        }
    } else {
        reply += ctx.prompts.sms_task_failed(s.lang);
    }
    out.twiml = Twiml().message(reply).str();
    s.last_twiml = out.twiml;
    out.state = std::move(s);
    return out;
}

}  // namespace advieslijn::routing

namespace advieslijn::routing {

SmsStep sms_terms_done(const MessagingContext& ctx, SmsState s, const TermsUpdate& update,
                       bool saved) {
    SmsStep out;
    std::string reply;
    if (saved) {
        if (update.voicemail) s.voicemail = *update.voicemail;
        if (update.announce_cjg) s.announce_cjg = *update.announce_cjg;
        if (update.note) s.terms_note = *update.note;
        if (update.window) s.window = *update.window;
        if (update.no_weekend) s.no_weekend = *update.no_weekend;
        if (update.alt_phone) s.alt_phone = *update.alt_phone;
        reply = next_terms_reply(ctx, s);
    } else {
        // What the task had before this answer stands; no more questions.
        s.terms_step = SmsTermsStep::none;
        reply = ctx.prompts.sms_terms_failed(s.lang) + " " + terms_summary(ctx, s);
    }
    out.twiml = Twiml().message(reply).str();
    s.last_twiml = out.twiml;
    out.state = std::move(s);
    return out;
}

}  // namespace advieslijn::routing
