#include "contact/knowledge.hpp"

#include <set>

namespace advieslijn::contact {
namespace {

routing::KbArticle to_routing(const kb::Article& a, double score) {
    routing::KbArticle out{a.id, a.title, a.answer, a.spoken, {}, score, a.risk, a.topic};
    for (const auto& l : a.links) out.links.push_back({l.title, l.url});
    return out;
}

}  // namespace

Libraries::Libraries(const Config& config) : shared_(config.knowledge_base) {
    for (const Tenant& t : config.tenants)
        if (!t.knowledge_base.empty())
            tenants_.emplace(t.id, std::make_unique<kb::Library>(config.knowledge_base, t.knowledge_base));
}

const kb::Library& Libraries::for_tenant(const Tenant& tenant) const {
    auto it = tenants_.find(tenant.id);
    return it == tenants_.end() ? shared_ : *it->second;
}

std::vector<kb::Problem> Libraries::reload() {
    std::vector<kb::Problem> problems = shared_.reload();
    for (auto& [id, library] : tenants_) {
        auto more = library->reload();
        problems.insert(problems.end(), more.begin(), more.end());
    }
    for (const auto& hook : after_reload_) hook();
    return problems;
}

bool Libraries::loaded() const {
    if (!shared_.current()) return false;
    for (const auto& [id, library] : tenants_)
        if (!library->current()) return false;
    return true;
}

routing::KbSearch Libraries::search() const {
    return [this](const Tenant& tenant, std::string_view lang, std::string_view text) {
        return search_for_routing(for_tenant(tenant), lang, text);
    };
}

routing::KbLookup Libraries::lookup() const {
    return [this](const Tenant& tenant, std::string_view lang,
                  std::string_view id) -> std::optional<routing::KbArticle> {
        const auto kb = for_tenant(tenant).current();
        const kb::Article* a = kb ? kb->find(lang, id) : nullptr;
        if (!a) return std::nullopt;
        return to_routing(*a, 0);
    };
}

std::map<std::string, std::string> Libraries::speech_hints() const {
    std::map<std::string, std::string> hints;
    const auto kb = shared_.current();
    if (!kb) return hints;
    std::map<std::string, std::set<std::string>> words;
    for (const auto& a : kb->articles())
        for (const auto& k : a.keywords)
            if (words[a.lang].size() < 100) words[a.lang].insert(k);
    for (const auto& [lang, set] : words)
        for (const auto& w : set) hints[lang] += (hints[lang].empty() ? "" : ",") + w;
    return hints;
}

routing::KbResult search_for_routing(const kb::Library& library, std::string_view lang,
                                     std::string_view text) {
    routing::KbResult out;
    auto kb = library.current();
    if (!kb) return out;  // none: the contact becomes a callback
    kb::SearchResult result = kb->search(lang, text, 3);
    out.decision = result.decision == kb::Decision::answer      ? routing::KbResult::Kind::answer
                   : result.decision == kb::Decision::ambiguous ? routing::KbResult::Kind::ambiguous
                                                                : routing::KbResult::Kind::none;
    for (const auto& hit : result.results) out.articles.push_back(to_routing(*hit.article, hit.score));
    return out;
}

}  // namespace advieslijn::contact
