#include "routing/messaging.hpp"

#include "common/phone.hpp"
#include "routing/prompts.hpp"
#include "routing/text.hpp"
#include "routing/twiml.hpp"

namespace advieslijn::routing {
namespace {

using json = nlohmann::json;

bool one_of(std::string_view word, std::initializer_list<std::string_view> words) {
    for (auto w : words)
        if (word == w) return true;
    return false;
}

// The message as a command word: folded, punctuation and surrounding space removed.
std::string command_of(std::string_view text) {
    std::string out;
    for (const auto& t : tokenize(fold_text(text), {})) out += (out.empty() ? "" : " ") + t.text;
    return out;
}

bool is_yes(std::string_view c) {
    return one_of(c, {"ja", "yes", "j", "y", "jawel", "graag"});
}
bool is_no(std::string_view c) {
    return one_of(c, {"nee", "no", "n", "niet"});
}
bool is_call(std::string_view c) {
    return one_of(c, {"bel", "bel me", "call", "call me", "terugbellen", "bellen", "callback",
                      "bel mij", "bel me terug", "call me back"});
}

// A phone number somewhere in a chat message ("mijn nummer is 06-12345678").
std::optional<std::string> find_phone(std::string_view text) {
    std::string run;
    auto flush = [&]() -> std::optional<std::string> {
        auto n = parse_phone(run);
        run.clear();
        return n ? std::optional<std::string>(n.e164()) : std::nullopt;
    };
    for (char c : text) {
        if ((c >= '0' && c <= '9') || c == '+' || ((c == ' ' || c == '-') && !run.empty())) {
            run.push_back(c);
        } else if (!run.empty()) {
            if (auto n = flush()) return n;
        }
    }
    if (!run.empty()) return flush();
    return std::nullopt;
}

json links_json(const std::vector<KbLink>& links) {
    json out = json::array();
    for (const auto& l : links) out.push_back({{"title", l.title}, {"url", l.url}});
    return out;
}

json article_refs_json(const std::vector<ArticleRef>& refs, bool full) {
    json out = json::array();
    for (const auto& a : refs) {
        json j{{"id", a.id}, {"title", a.title}};
        if (full) {
            j["text"] = a.text;
            j["spoken"] = a.spoken;
            j["links"] = links_json(a.links);
        }
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<ArticleRef> article_refs_from(const json& arr) {
    std::vector<ArticleRef> out;
    for (const auto& a : arr) {
        ArticleRef r{a.at("id").get<std::string>(),
                     a.at("title").get<std::string>(),
                     a.value("text", ""),
                     a.value("spoken", ""),
                     {}};
        for (const auto& l : a.value("links", json::array()))
            r.links.push_back({l.at("title").get<std::string>(), l.at("url").get<std::string>()});
        out.push_back(std::move(r));
    }
    return out;
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

Decision route(const MessagingContext& ctx, const Tenant& tenant, Channel channel,
               std::string_view lang, std::string_view text) {
    const auto capped = utf8_prefix(text, max_question_bytes);
    const auto risk = ctx.risk.detect(lang, capped);
    KbResult kb;
    if (!risk.any() && ctx.kb && !trim(capped).empty()) kb = ctx.kb(tenant, lang, capped);
    return decide(&tenant, channel, lang, capped, risk, kb);
}

std::string article_sms(const ArticleRef& a, std::string_view lang, std::size_t max_chars) {
    std::string body = a.title + "\n\n" + a.text;
    for (const auto& l : a.links) body += "\n" + l.title + ": " + l.url;
    const auto footer = "\n\n" + prompts::sms_answer_footer(lang);
    if (body.size() + footer.size() > max_chars && max_chars > footer.size() + 3)
        body = utf8_prefix(body, max_chars - footer.size() - 3) + "...";
    return body + footer;
}

}  // namespace

std::string_view to_string(ChatReply::Type t) {
    switch (t) {
        case ChatReply::Type::answer:
            return "answer";
        case ChatReply::Type::choices:
            return "choices";
        case ChatReply::Type::handoff:
            return "handoff";
        case ChatReply::Type::urgent:
            return "urgent";
        case ChatReply::Type::message:
            return "message";
    }
    return "unknown";
}

json to_json(const ChatReply& r) {
    json j{{"type", to_string(r.type)}};
    if (r.article) {
        j["article"] = {{"id", r.article->id},
                        {"title", r.article->title},
                        {"text", r.article->text},
                        {"links", links_json(r.article->links)}};
    }
    if (r.type == ChatReply::Type::choices) j["articles"] = article_refs_json(r.articles, false);
    if (!r.text.empty()) j["text"] = r.text;
    if (!r.prompt.empty()) j["prompt"] = r.prompt;
    if (r.type == ChatReply::Type::urgent) j["categories"] = r.risk_categories;
    return j;
}

std::string chat_state_to_json(const ChatState& s) {
    return json{{"v", 1},
                {"tenant", s.tenant_id},
                {"lang", s.lang},
                {"choices", article_refs_json(s.choices, true)},
                {"answered_article", s.answered_article},
                {"urgent", s.urgent},
                {"risk", s.risk_categories},
                {"turns", s.turns},
                {"urgent_task_requested", s.urgent_task_requested}}
        .dump();
}

std::optional<ChatState> chat_state_from_json(std::string_view text) {
    try {
        const auto j = json::parse(text);
        if (j.at("v").get<int>() != 1) return std::nullopt;
        ChatState s;
        s.tenant_id = j.at("tenant").get<std::string>();
        s.lang = j.at("lang").get<std::string>();
        s.choices = article_refs_from(j.at("choices"));
        s.answered_article = j.at("answered_article").get<std::string>();
        s.urgent = j.at("urgent").get<bool>();
        s.risk_categories = j.at("risk").get<std::vector<std::string>>();
        s.turns = j.at("turns").get<int>();
        s.urgent_task_requested = j.at("urgent_task_requested").get<bool>();
        return s;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

ChatStart chat_start(const MessagingContext& ctx, std::string_view site_key,
                     std::string_view requested_lang) {
    ChatStart out;
    out.tenant = ctx.tenants.by_site_key(site_key);
    if (!out.tenant) return out;
    out.state.tenant_id = out.tenant->id;
    out.state.lang = TenantDirectory::choose_language(*out.tenant, requested_lang);
    out.greeting = prompts::greeting(*out.tenant, out.state.lang) + " " +
                   (out.state.lang == "en" ? "What is your question?" : "Wat is je vraag?");
    return out;
}

std::optional<FeedbackEvent> chat_feedback(const ChatState& s, bool helped) {
    if (s.answered_article.empty()) return std::nullopt;
    return FeedbackEvent{s.tenant_id, s.lang, s.answered_article, Channel::chat, helped};
}

ChatStep chat_message(const MessagingContext& ctx, ChatState state, std::string_view session_id,
                      std::string_view text) {
    ChatStep out;
    out.state = std::move(state);
    auto& s = out.state;
    ++s.turns;
    const Tenant* tenant = ctx.tenants.by_id(s.tenant_id);
    const auto cmd = command_of(text);
    auto& r = out.reply;

    auto answer = [&](ArticleRef a) {  // by value: may be one of s.choices
        r.type = ChatReply::Type::answer;
        r.article = a;
        r.prompt = prompts::did_this_help(s.lang);
        s.answered_article = a.id;
        s.choices.clear();
    };
    auto handoff = [&] {
        r.type = ChatReply::Type::handoff;
        r.text = tenant ? prompts::handoff_chat(*tenant, s.lang) : prompts::unknown_tenant_text();
        s.choices.clear();
    };

    if (!tenant) {
        handoff();
        return out;
    }
    if (const auto i = pick_index(cmd, text, s.choices)) {
        answer(s.choices[*i]);
        return out;
    }
    if (!s.answered_article.empty() && (is_yes(cmd) || is_no(cmd))) {
        const bool helped = is_yes(cmd);
        out.feedback.push_back(*chat_feedback(s, helped));
        s.answered_article.clear();
        if (helped) {
            r.type = ChatReply::Type::message;
            r.text = prompts::sms_thanks(s.lang);
        } else {
            handoff();
        }
        return out;
    }
    // After a risk signal a number typed in the chat becomes an urgent task at once.
    if (s.urgent && !s.urgent_task_requested) {
        if (const auto phone = find_phone(text)) {
            s.urgent_task_requested = true;
            TaskRequest t;
            t.idempotency_key = "chat:" + std::string(session_id) + ":urgent";
            t.tenant_id = s.tenant_id;
            t.channel = Channel::chat;
            t.lang = s.lang;
            t.phone = *phone;
            t.question = utf8_prefix(text, max_question_bytes);
            t.urgent = true;
            t.risk_categories = s.risk_categories;
            out.task = std::move(t);
            r.type = ChatReply::Type::urgent;
            r.risk_categories = s.risk_categories;
            r.text = prompts::urgent_chat_followup(*tenant, s.lang, true);
            return out;
        }
    }

    const auto d = route(ctx, *tenant, Channel::chat, s.lang, text);
    switch (d.kind) {
        case Decision::Kind::urgent:
            s.urgent = true;
            for (const auto& c : d.risk.categories())
                if (std::find(s.risk_categories.begin(), s.risk_categories.end(), c) ==
                    s.risk_categories.end())
                    s.risk_categories.push_back(c);
            r.type = ChatReply::Type::urgent;
            r.risk_categories = d.risk.categories();
            r.text = d.risk.chat_text();
            r.prompt = prompts::urgent_chat_followup(*tenant, s.lang, s.urgent_task_requested);
            s.choices.clear();
            break;
        case Decision::Kind::answer:
            answer(to_ref(d.articles.front()));
            break;
        case Decision::Kind::choose:
            r.type = ChatReply::Type::choices;
            s.choices.clear();
            for (const auto& a : d.articles) s.choices.push_back(to_ref(a));
            r.articles = s.choices;
            r.prompt = prompts::choose_topic(s.lang);
            break;
        case Decision::Kind::callback:
        case Decision::Kind::refused:
            handoff();
            break;
    }
    return out;
}

std::string sms_state_to_json(const SmsState& s) {
    return json{{"v", 1},
                {"tenant", s.tenant_id},
                {"lang", s.lang},
                {"from", s.from},
                {"prefix", s.channel_prefix},
                {"choices", article_refs_json(s.choices, true)},
                {"answered_article", s.answered_article},
                {"offered_callback", s.offered_callback},
                {"urgent", s.urgent},
                {"risk", s.risk_categories},
                {"question", s.question},
                {"last_message_sid", s.last_message_sid},
                {"last_twiml", s.last_twiml},
                {"reference", s.reference}}
        .dump();
}

std::optional<SmsState> sms_state_from_json(std::string_view text) {
    try {
        const auto j = json::parse(text);
        if (j.at("v").get<int>() != 1) return std::nullopt;
        SmsState s;
        s.tenant_id = j.at("tenant").get<std::string>();
        s.lang = j.at("lang").get<std::string>();
        s.from = j.at("from").get<std::string>();
        s.channel_prefix = j.at("prefix").get<std::string>();
        s.choices = article_refs_from(j.at("choices"));
        s.answered_article = j.at("answered_article").get<std::string>();
        s.offered_callback = j.at("offered_callback").get<bool>();
        s.urgent = j.at("urgent").get<bool>();
        s.risk_categories = j.at("risk").get<std::vector<std::string>>();
        s.question = j.at("question").get<std::string>();
        s.last_message_sid = j.at("last_message_sid").get<std::string>();
        s.last_twiml = j.at("last_twiml").get<std::string>();
        s.reference = j.at("reference").get<std::string>();
        return s;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

SmsStep sms_message(const MessagingContext& ctx, const std::optional<SmsState>& state,
                    const SmsRequest& req) {
    SmsStep out;
    const Tenant* tenant = ctx.tenants.by_number(strip_channel_prefix(req.to));
    if (!tenant) {
        out.refused = true;
        out.twiml = Twiml().message(prompts::unknown_tenant_text()).str();
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
    }
    s.last_message_sid = req.message_sid;
    const auto cmd = command_of(req.body);
    std::string reply;

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
        out.task = std::move(t);
        s.urgent = urgent;  // the confirmation repeats guidance only for this urgent task
        s.offered_callback = false;
        s.choices.clear();
    };
    auto remember_question = [&] {
        if (!s.question.empty()) s.question += " / ";
        s.question = utf8_prefix(s.question + std::string(trim(req.body)), max_question_bytes);
    };

    if (cmd.empty()) {
        reply = prompts::sms_empty(s.lang);
    } else if (cmd == "english" && TenantDirectory::offers(*tenant, "en")) {
        s.lang = "en";
        reply = prompts::sms_empty(s.lang);
    } else if (cmd == "nederlands" && TenantDirectory::offers(*tenant, "nl")) {
        s.lang = "nl";
        reply = prompts::sms_empty(s.lang);
    } else if (const auto i = pick_index(cmd, req.body, s.choices)) {
        const auto a = s.choices[*i];
        s.choices.clear();
        s.answered_article = a.id;
        reply = article_sms(a, s.lang, ctx.max_sms_chars);
    } else if ((cmd == "0" && !s.choices.empty()) || is_call(cmd) ||
               (s.offered_callback && is_yes(cmd))) {
        if (!s.from.empty()) {
            request_task(false);
        } else {
            reply = prompts::sms_task_failed(s.lang);
        }
    } else if (!s.answered_article.empty() && (is_yes(cmd) || is_no(cmd))) {
        out.feedback.push_back(
            {s.tenant_id, s.lang, s.answered_article, Channel::sms, is_yes(cmd)});
        s.answered_article.clear();
        if (is_yes(cmd)) {
            reply = prompts::sms_thanks(s.lang);
        } else {
            s.offered_callback = true;
            reply = prompts::sms_handoff(*tenant, s.lang);
        }
    } else {
        remember_question();
        const auto d = route(ctx, *tenant, Channel::sms, s.lang, req.body);
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
                reply = article_sms(a, s.lang, ctx.max_sms_chars);
                break;
            }
            case Decision::Kind::choose: {
                s.choices.clear();
                std::vector<std::string> titles;
                for (const auto& a : d.articles) {
                    s.choices.push_back(to_ref(a));
                    titles.push_back(a.title);
                }
                reply = prompts::sms_choices(s.lang, titles);
                break;
            }
            case Decision::Kind::callback:
            case Decision::Kind::refused:
                s.choices.clear();
                s.offered_callback = true;
                reply = prompts::sms_handoff(*tenant, s.lang);
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
    if (!tenant) return Twiml().message(prompts::unknown_tenant_text()).str();
    const auto body = utf8_prefix(req.body, max_question_bytes);
    std::string reply;
    for (const auto& lang : tenant->languages) {
        if (!reply.empty()) reply += "\n\n";
        if (const auto risk = ctx.risk.detect(lang, body); risk.any())
            reply += risk.chat_text() + "\n\n";
        reply += prompts::line_unavailable_sms(lang);
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
        reply += prompts::sms_task_created(*tenant, s.lang, created->reference, s.urgent);
    } else {
        reply += prompts::sms_task_failed(s.lang);
    }
    out.twiml = Twiml().message(reply).str();
    s.last_twiml = out.twiml;
    out.state = std::move(s);
    return out;
}

}  // namespace advieslijn::routing
