#include "routing/chat.hpp"

#include <algorithm>

#include "routing/answer_cache.hpp"
#include "routing/prompts.hpp"
#include "routing/text.hpp"

namespace advieslijn::routing {
namespace {

using json = nlohmann::json;

ChatReply answer_reply(const ChatContext& ctx, const KbArticle& a, std::string_view lang) {
    ChatReply r;
    r.type = ChatReply::Type::answer;
    r.article = to_ref(a);
    r.prompt = ctx.prompts.did_this_help(lang);
    return r;
}

}  // namespace

ChatReply urgent_guidance(const RiskDetector& detector, std::string_view lang, const RiskResult& risk) {
    ChatReply r;
    r.type = ChatReply::Type::urgent;
    r.text = risk.chat_text();
    r.risk_categories = risk.categories();
    r.guidance = detector.help_numbers(lang, r.risk_categories);
    return r;
}

std::string_view to_string(ChatReply::Type t) {
    switch (t) {
        case ChatReply::Type::answer: return "answer";
        case ChatReply::Type::choices: return "choices";
        case ChatReply::Type::handoff: return "handoff";
        case ChatReply::Type::urgent: return "urgent";
    }
    return "handoff";
}

void write_json(JsonWriter& w, const ChatReply& r, bool transcript) {
    w.begin_object().field("type", to_string(r.type));
    if (r.article) {
        w.key("article").begin_object().field("id", r.article->id).field("title", r.article->title);
        if (!transcript) {
            w.field("text", r.article->text).key("links").begin_array();
            for (const auto& l : r.article->links)
                w.begin_object().field("title", l.title).field("url", l.url).end_object();
            w.end_array();
            // The widget shows the local services for it (GET /v1/map/search?topic=).
            if (!r.article->topic.empty()) w.field("topic", r.article->topic);
        }
        w.end_object();
    }
    if (r.type == ChatReply::Type::choices) {
        w.key("articles").begin_array();
        for (const auto& a : r.articles) w.begin_object().field("id", a.id).field("title", a.title).end_object();
        w.end_array();
    }
    if (!r.text.empty()) w.field("text", r.text);
    if (r.type == ChatReply::Type::urgent) {
        w.key("guidance").begin_array();
        for (const auto& n : r.guidance)
            w.begin_object().field("label", n.label).field("number", n.number).field("tel", n.tel).end_object();
        w.end_array();
    }
    if (!r.prompt.empty()) w.field("prompt", r.prompt);
    // The widget asks the social map for services for this age (GET /v1/map/search?age=).
    if (r.age && !transcript) w.field("age", *r.age);
    w.end_object();
}

json to_json(const ChatReply& r, bool transcript) {
    return json_from_writer([&](JsonWriter& w) { write_json(w, r, transcript); });
}

ChatStart chat_resume(const ChatContext& ctx, const Tenant& tenant, std::string_view lang) {
    ChatStart out;
    out.tenant = &tenant;
    out.lang = TenantDirectory::choose_language(tenant, lang);
    out.greeting = ctx.prompts.chat_greeting(tenant, out.lang);
    out.quick_replies = ctx.prompts.chat_quick_replies(out.lang);
    out.privacy = ctx.prompts.chat_privacy(out.lang);
    return out;
}

ChatStart chat_start(const ChatContext& ctx, std::string_view site_key, std::string_view lang) {
    const Tenant* tenant = ctx.tenants.by_site_key(site_key);
    if (!tenant) return {};
    return chat_resume(ctx, *tenant, lang);
}

namespace {

// At most five words and forty characters: "ze is 6", "hij is 14 jaar", "en bij een baby?".
// A longer message is a question of its own, and so is a short one that neither begins as a
// follow-up nor names an age ("Wat is de hoofdstad van Peru?").
bool follow_up_sized(std::string_view text) {
    if (text.size() > 40) return false;
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\t' || c == '\n';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words > 0 && words <= 5;
}

}  // namespace

ChatStep chat_step(const ChatContext& ctx, const Tenant& tenant, const ChatSession& session,
                   const ChatInput& input) {
    ChatStep out;
    const std::string& lang = session.lang;
    if (!input.article_id.empty()) {
        // A choice picked from a list the line offered: no text, so nothing to triage.
        if (auto a = ctx.article ? ctx.article(tenant, lang, input.article_id) : std::nullopt) {
            out.reply = answer_reply(ctx, *a, lang);
            out.shown.push_back(a->id);
        }
        return out;
    }
    // Risk first: a risk signal never reaches the knowledge base.
    Decision d = route(ctx.risk, ctx.kb, tenant, Channel::chat, lang, input.text, ctx.answers);
    // A follow-up to the question before ("ze is 6" after "mijn dochter wil niet slapen"): a
    // tester's "ze is 6" got "no ready answer". Read with that question; taken when the two
    // together find articles or a risk signal, else the short message's own outcome stands.
    if (d.kind == Decision::Kind::callback && d.reason == "kb_none" && follow_up_sized(input.text) &&
        !ctx.prompts.is_greeting(input.text) &&
        (ctx.prompts.opens_follow_up(input.text) || child_age(input.text))) {
        if (!session.previous_question) {
            out.wants_previous = true;
            return out;
        }
        if (!session.previous_question->empty()) {
            const std::string joined = *session.previous_question + " " + input.text;
            Decision both = route(ctx.risk, ctx.kb, tenant, Channel::chat, lang, joined, ctx.answers);
            if (both.kind == Decision::Kind::answer || both.kind == Decision::Kind::choose ||
                both.kind == Decision::Kind::urgent)
                d = std::move(both);
        }
    }
    out.counts.push_back(question_routed(tenant.id, "chat", d));
    ChatReply& r = out.reply.emplace();
    switch (d.kind) {
        case Decision::Kind::urgent:
            r = urgent_guidance(ctx.risk, lang, d.risk);
            r.prompt = ctx.prompts.urgent_chat_prompt(lang);
            break;
        case Decision::Kind::answer:
            r = answer_reply(ctx, d.articles.front(), lang);
            r.age = child_age(input.text);
            out.shown.push_back(r.article->id);
            break;
        case Decision::Kind::choose:
            r.type = ChatReply::Type::choices;
            r.text = ctx.prompts.choose_topic(lang);
            r.age = child_age(input.text);
            for (const auto& a : d.articles) {
                r.articles.push_back(to_ref(a));
                out.shown.push_back(a.id);
            }
            break;
        case Decision::Kind::callback:
        case Decision::Kind::refused:
            // Only a hello ("hoi", "ik heb een vraag"): the invitation to ask, not "we have no
            // ready answer" (and no knowledge gap).
            if (d.reason == "kb_none" && ctx.prompts.is_greeting(input.text)) {
                r.type = ChatReply::Type::handoff;
                r.text = ctx.prompts.chat_greeting(tenant, lang);
                break;
            }
            r.type = ChatReply::Type::handoff;
            // A concern is not "no ready answer": someone wrote of distress (a tester saw a
            // girl who wants to die told, in effect, "no answer, we call within 24 hours").
            r.text = d.risk.concern() ? ctx.prompts.concern_chat(tenant, lang) : ctx.prompts.handoff_chat(tenant, lang);
            r.risk_categories = d.risk.flags();  // a concern: the callback form becomes high priority
            if (d.reason == "kb_none")
                out.gaps.push_back({tenant.id, lang, Channel::chat, KnowledgeGap::Source::none,
                                    input.text});
            break;
    }
    return out;
}

std::optional<ChatReply> chat_guidance_without_session(const ChatContext& ctx,
                                                       std::string_view text) {
    std::vector<std::string> languages;  // every tenant's, in the order tenants list them
    for (const Tenant& t : ctx.tenants.tenants())
        for (const auto& l : t.languages)
            if (std::find(languages.begin(), languages.end(), l) == languages.end())
                languages.push_back(l);
    const auto capped = utf8_prefix(text, max_question_bytes);
    // A language whose phrase lists match wins: they are written per language, so a match
    // says which language the message is in. The classifier reads words of any language
    // ("my baby is not breathing" read as Dutch is urgent to it too) and would give the first
    // tenant language's guidance to a message in the second, so what it alone found is kept
    // only until a later language's phrase lists have had their say.
    std::optional<std::pair<std::string, RiskResult>> classifier_only;
    for (const auto& lang : languages) {
        RiskResult risk = ctx.risk.detect(lang, capped);
        if (!risk.any()) continue;
        const bool by_phrase = std::any_of(risk.matches.begin(), risk.matches.end(),
                                           [](const RiskMatch& m) { return m.signal != "model"; });
        if (by_phrase) return urgent_guidance(ctx.risk, lang, risk);
        if (!classifier_only) classifier_only.emplace(lang, std::move(risk));
    }
    if (!classifier_only) return std::nullopt;
    const auto& [lang, risk] = *classifier_only;
    return urgent_guidance(ctx.risk, lang, risk);
}

}  // namespace advieslijn::routing
