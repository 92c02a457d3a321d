#include "routing/decision.hpp"

#include <algorithm>

#include "routing/effects.hpp"
#include "routing/tenants.hpp"
#include "routing/text.hpp"

namespace advieslijn::routing {

std::string_view to_string(Channel c) {
    switch (c) {
        case Channel::voice:
            return "voice";
        case Channel::chat:
            return "chat";
        case Channel::sms:
            return "sms";
    }
    return "unknown";
}

std::string_view to_string(Decision::Kind k) {
    switch (k) {
        case Decision::Kind::refused:
            return "refused";
        case Decision::Kind::answer:
            return "answer";
        case Decision::Kind::choose:
            return "choose";
        case Decision::Kind::callback:
            return "callback";
        case Decision::Kind::urgent:
            return "urgent";
    }
    return "unknown";
}

ContactCount question_routed(const std::string& tenant_id, std::string channel, const Decision& d) {
    ContactCount c{ContactCount::Kind::question, tenant_id, std::move(channel), d.lang, {}, {}, {}};
    switch (d.kind) {
        case Decision::Kind::answer: c.decision = "answered"; break;
        case Decision::Kind::choose: c.decision = "choices"; break;
        case Decision::Kind::urgent: c.decision = "urgent"; break;
        case Decision::Kind::callback:
        case Decision::Kind::refused: c.decision = "handoff"; break;
    }
    if (d.kind == Decision::Kind::answer || d.kind == Decision::Kind::choose)
        c.topic = d.articles.front().topic;
    c.risk_categories = d.risk.flags();
    return c;
}

Decision decide(const Tenant* tenant, Channel channel, std::string_view requested_lang,
                std::string_view text, const RiskResult& risk, const KbResult& kb) {
    Decision d;
    if (!tenant) {
        d.kind = Decision::Kind::refused;
        d.reason = "unknown_tenant";
        return d;
    }
    d.lang = TenantDirectory::choose_language(*tenant, requested_lang);
    // How near the classifier came, kept on every decision (the risk result itself only on a
    // risk outcome): `risk eval --each` lists it beside an answered message.
    d.risk.model_risk = risk.model_risk;
    // Risk comes before everything, including an empty-looking knowledge-base result.
    if (risk.any()) {
        d.kind = Decision::Kind::urgent;
        d.risk = risk;
        d.reason = "risk";
        return d;
    }
    // Distress that is not clearly acute: no bot answer, a specialist with high priority.
    if (risk.concern()) {
        d.kind = Decision::Kind::callback;
        d.risk = risk;
        d.reason = "risk_concern";
        return d;
    }
    // An act told as over or as someone else's story: no alarm, and no bot answer over it.
    if (risk.cleared) {
        d.kind = Decision::Kind::callback;
        d.risk = risk;
        d.reason = "risk_cleared";
        return d;
    }
    if (trim(text).empty()) {
        d.kind = Decision::Kind::callback;
        d.reason = "empty";
        return d;
    }
    switch (kb.decision) {
        case KbResult::Kind::answer:
            if (!kb.articles.empty()) {
                d.kind = Decision::Kind::answer;
                d.articles.push_back(kb.articles.front());
                d.reason = "kb_answer";
                return d;
            }
            break;
        case KbResult::Kind::ambiguous:
            if (kb.articles.size() >= 2) {
                // Three options is what people hold in mind on the phone; chat shows three too.
                const std::size_t n = std::min<std::size_t>(kb.articles.size(), 3);
                d.kind = Decision::Kind::choose;
                d.articles.assign(kb.articles.begin(), kb.articles.begin() + n);
                d.reason = "kb_ambiguous";
                return d;
            }
            if (kb.articles.size() == 1) {
                d.kind = Decision::Kind::answer;
                d.articles.push_back(kb.articles.front());
                d.reason = "kb_ambiguous_single";
                return d;
            }
            break;
        case KbResult::Kind::none:
            break;
    }
    (void)channel;  // every channel routes the same way; the steps shape the reply
    d.kind = Decision::Kind::callback;
    d.reason = "kb_none";
    return d;
}

RiskResult weigh_against_answer(const RiskResult& risk, const KbResult& kb) {
    const bool everyday_answer = kb.decision == KbResult::Kind::answer && !kb.articles.empty() &&
                                 kb.articles.front().risk.empty();
    if (!risk.tentative || !everyday_answer) return risk;
    RiskResult lowered = risk;
    lowered.level = RiskLevel::concern;
    lowered.guidance.clear();
    lowered.tentative = false;
    return lowered;
}

Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text) {
    bool without_signal = false;
    return route(risk, kb, tenant, channel, lang, text, without_signal);
}

Decision route(const RiskDetector& risk, const KbSearch& kb, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text, bool& without_signal) {
    without_signal = false;
    const std::string capped = utf8_prefix(text, max_question_bytes);
    // Written in another language the line reads (English in a Dutch chat): that language's
    // lists and classifier read it too, and the stronger outcome counts. Safety does not wait
    // for the conversation's language to be switched.
    RiskResult signals = risk.detect_as_written(lang, capped);
    const bool detected_nothing = signals.level == RiskLevel::none && signals.matches.empty() &&
                                  !signals.negated() && signals.calm.empty() && !signals.tentative;
    KbResult found;
    if ((signals.level == RiskLevel::none || signals.tentative) && kb && !trim(capped).empty())
        found = kb(tenant, lang, capped);
    signals = weigh_against_answer(signals, found);
    Decision d = decide(&tenant, channel, lang, capped, signals, found);
    // What the person would be shown: the answer, or the choices.
    const auto crisis = std::find_if(d.articles.begin(), d.articles.end(),
                                     [](const KbArticle& a) { return !a.risk.empty(); });
    if (crisis == d.articles.end()) {
        // A bot reply to a message the classifier is unsure of (below its concern threshold,
        // at or above unsure_reply): a callback offer instead, no alarm. On the held-out
        // batches 88-95 such replies were given to an urgent message (a forced wedding this
        // weekend, 0.27) and two concerns, against four calm ones; the threshold is chosen out
        // of fold on the training files (docs/routing.md, "Unsure replies", where each choice
        // of it is measured). Returned before without_signal is set, so the
        // answer cache never keeps such a decision and a cache hit never skips this check.
        const double unsure = risk.thresholds().unsure_reply;
        const bool bot_reply = d.kind == Decision::Kind::answer || d.kind == Decision::Kind::choose;
        if (bot_reply && unsure > 0 && signals.level == RiskLevel::none && signals.model_risk >= unsure) {
            Decision offer = decide(&tenant, channel, lang, capped, signals, {});
            offer.reason = "kb_unsure_risk";
            return offer;
        }
        // The last three conditions follow from detected_nothing as weigh_against_answer and
        // decide() are today; they stay so that a later change there cannot make a decision
        // with a signal one the answer cache keeps.
        without_signal = detected_nothing && d.kind != Decision::Kind::urgent && !d.risk.concern() &&
                         d.risk.matches.empty();
        return d;
    }
    // A crisis article as the answer or among the choices, and both layers read the message
    // as calm (no risk phrase, and the classifier below crisis_choice): a question near a
    // crisis article, such as "mijn baby huilt de hele dag" meeting "Schud nooit met een baby"
    // third, or a prevention question answered by one ("folders over het voorkomen van shaken
    // baby syndroom", "waar berg ik medicijnen op"). No crisis text and no urgent task, but no
    // article or choices either: a callback offer, as when nothing fits. The answer was a risk
    // signal whatever the classifier said until 2026-12-06: over 47 held-out batches, each with
    // the data of its day, that net caught no urgent or concern message both layers missed
    // and raised 21 calm ones (docs/routing.md, "Crisis articles: the safety net under the phrase
    // lists").
    // Without a classifier (model_risk -1) nothing is known to be calm: the net holds.
    // A calm context ("ik wil weten hoe de meldcode werkt, er is niks aan de hand") meeting a
    // crisis article, as the answer or among the choices, gets the same callback offer.
    const double calm_below = risk.thresholds().crisis_choice;
    const char* calm_reason = nullptr;
    if (signals.level == RiskLevel::none && !signals.calm.empty())
        calm_reason = "kb_crisis_calm_context";
    else if (signals.level == RiskLevel::none && signals.model_risk >= 0 && signals.model_risk < calm_below)
        calm_reason = d.kind == Decision::Kind::choose ? "kb_crisis_choice_calm" : "kb_crisis_answer_calm";
    if (calm_reason) {
        Decision calm = decide(&tenant, channel, lang, capped, signals, {});
        calm.reason = calm_reason;
        return calm;
    }
    const RiskResult signal = risk.signal_from_article(lang, crisis->id, crisis->risk, crisis->title);
    Decision urgent = decide(&tenant, channel, lang, capped, signal, {});
    urgent.reason = "kb_crisis_article";
    return urgent;
}

}  // namespace advieslijn::routing
