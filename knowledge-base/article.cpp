#include "knowledge-base/article.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <string>

namespace kb {

std::string to_string(const Problem& p) { return advieslijn::describe(p, "article", "<set>"); }

namespace {

using json = nlohmann::json;

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 100 || id.front() == '-' || id.back() == '-') return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool valid_lang(std::string_view lang) {
    if (lang.size() < 2 || lang.size() > 3) return false;
    for (char c : lang) {
        if (c < 'a' || c > 'z') return false;
    }
    return true;
}

bool blank(std::string_view s) {
    return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

class article_reader {
public:
    article_reader(const json& j, const std::string& file, std::vector<Problem>& problems)
        : j_(j), file_(file), problems_(problems) {}

    bool read(Article& a) {
        if (!j_.is_object()) {
            fail("", "an article must be a JSON object");
            return false;
        }
        // Read the id first so every later problem can name the article.
        if (auto it = j_.find("id"); it != j_.end() && it->is_string()) id_ = it->get<std::string>();
        static constexpr std::array<std::string_view, 10> known = {
            "id", "lang", "title", "questions", "keywords", "answer", "spoken", "topic", "risk", "links"};
        for (const auto& [key, value] : j_.items()) {
            bool ok = false;
            for (auto k : known) ok = ok || key == k;
            if (!ok) fail(key, "unknown field (allowed: id, lang, title, questions, keywords, "
                               "answer, spoken, topic, risk, links)");
        }
        required_string("id", a.id);
        if (!a.id.empty() && !valid_id(a.id)) {
            fail("id", "must be lowercase letters, digits and '-' (at most 100)");
        }
        required_string("lang", a.lang);
        if (!a.lang.empty() && !valid_lang(a.lang)) {
            fail("lang", "must be a lowercase ISO 639 code such as \"nl\" or \"en\"");
        }
        required_string("title", a.title);
        required_string("answer", a.answer);
        optional_string("spoken", a.spoken);
        optional_string("topic", a.topic);
        optional_string("risk", a.risk);
        if (a.risk.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            fail("risk", "must be a risk category such as \"suicide_self_harm\"");
        string_list("questions", a.questions);
        string_list("keywords", a.keywords);
        links(a.links);
        a.file = file_;
        return !failed_;
    }

private:
    void fail(std::string field, std::string message) {
        problems_.push_back({file_, id_, std::move(field), std::move(message)});
        failed_ = true;
    }

    void required_string(const char* field, std::string& out) {
        auto it = j_.find(field);
        if (it == j_.end()) return fail(field, "is required");
        if (!it->is_string()) return fail(field, "must be a string");
        out = it->get<std::string>();
        if (blank(out)) fail(field, "must not be empty");
    }

    void optional_string(const char* field, std::string& out) {
        auto it = j_.find(field);
        if (it == j_.end()) return;
        if (!it->is_string()) return fail(field, "must be a string");
        out = it->get<std::string>();
        if (blank(out)) fail(field, "must not be empty when present");
    }

    void string_list(const char* field, std::vector<std::string>& out) {
        auto it = j_.find(field);
        if (it == j_.end()) return;
        if (!it->is_array()) return fail(field, "must be an array of strings");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            auto where = std::string(field) + "[" + std::to_string(i) + "]";
            if (!v.is_string()) {
                fail(where, "must be a string");
                continue;
            }
            if (blank(v.get_ref<const std::string&>())) {
                fail(where, "must not be empty");
                continue;
            }
            out.push_back(v.get<std::string>());
        }
    }

    void links(std::vector<Link>& out) {
        auto it = j_.find("links");
        if (it == j_.end()) return;
        if (!it->is_array()) return fail("links", "must be an array of {title, url}");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& v = (*it)[i];
            auto where = "links[" + std::to_string(i) + "]";
            if (!v.is_object()) {
                fail(where, "must be an object with title and url");
                continue;
            }
            for (const auto& [key, value] : v.items()) {
                if (key != "title" && key != "url") fail(where + "." + key, "unknown field");
            }
            Link link;
            auto title = v.find("title");
            auto url = v.find("url");
            if (title == v.end() || !title->is_string() || blank(title->get_ref<const std::string&>())) {
                fail(where + ".title", "is required and must be a non-empty string");
            } else {
                link.title = title->get<std::string>();
            }
            if (url == v.end() || !url->is_string()) {
                fail(where + ".url", "is required and must be a string");
            } else {
                link.url = url->get<std::string>();
                if (link.url.rfind("https://", 0) != 0 && link.url.rfind("http://", 0) != 0) {
                    fail(where + ".url", "must start with https:// or http://");
                }
            }
            out.push_back(std::move(link));
        }
    }

    const json& j_;
    const std::string& file_;
    std::vector<Problem>& problems_;
    std::string id_;
    bool failed_ = false;
};

}  // namespace

std::vector<Article> parse_articles(std::string_view json_text, const std::string& file,
                                    std::vector<Problem>& problems) {
    std::vector<Article> articles;
    json doc;
    try {
        doc = json::parse(json_text.begin(), json_text.end());
    } catch (const json::exception& e) {
        // nlohmann's message carries the line and column, which is what an editor needs.
        problems.push_back({file, "", "", std::string("not valid JSON: ") + e.what()});
        return articles;
    }
    auto read_one = [&](const json& j) {
        Article a;
        if (article_reader(j, file, problems).read(a)) articles.push_back(std::move(a));
    };
    if (doc.is_array()) {
        if (doc.empty()) problems.push_back({file, "", "", "holds an empty array"});
        for (const auto& j : doc) read_one(j);
    } else if (doc.is_object()) {
        read_one(doc);
    } else {
        problems.push_back({file, "", "", "must hold an article object or an array of them"});
    }
    return articles;
}

}  // namespace kb
