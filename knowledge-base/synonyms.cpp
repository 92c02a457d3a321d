#include "knowledge-base/synonyms.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include "knowledge-base/default_data.hpp"
#include "knowledge-base/text.hpp"

namespace kb {

const Synonyms& Synonyms::defaults() {
    static const Synonyms shipped = [] {
        Synonyms s;
        std::vector<Problem> problems;
        s.add(data::synonyms, "knowledge-base/data/synonyms.json", problems);
        if (!problems.empty()) {
            // The file is compiled in and covered by tests; a broken one is a build defect.
            for (const auto& p : problems) std::cerr << to_string(p) << '\n';
            std::abort();
        }
        return s;
    }();
    return shipped;
}

void Synonyms::add(std::string_view json_text, const std::string& file,
                   std::vector<Problem>& problems) {
    using json = nlohmann::json;
    json doc = json::parse(json_text.begin(), json_text.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        problems.push_back({file, "", "", "must be a JSON object {\"nl\": [[\"word\", ...], ...]}"});
        return;
    }
    for (const auto& [lang, groups] : doc.items()) {
        if (!groups.is_array()) {
            problems.push_back({file, "", lang, "must be an array of word groups"});
            continue;
        }
        auto& map = by_lang_[lang];
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const auto& group = groups[g];
            auto where = lang + "[" + std::to_string(g) + "]";
            if (!group.is_array() || group.size() < 2) {
                problems.push_back({file, "", where, "must be an array of at least two words"});
                continue;
            }
            std::vector<std::string> stems;
            bool ok = true;
            for (std::size_t i = 0; i < group.size(); ++i) {
                auto words = group[i].is_string() ? tokenize(group[i].get<std::string>())
                                                  : std::vector<std::string>{};
                if (words.size() != 1) {
                    problems.push_back({file, "", where + "[" + std::to_string(i) + "]",
                                        "must be a single word"});
                    ok = false;
                    continue;
                }
                stems.push_back(stem(lang, words.front()));
            }
            if (!ok) continue;
            // Join an existing group when a word already has one, so groups never split.
            std::string target = stems.front();
            for (const auto& s : stems) {
                if (auto it = map.find(s); it != map.end()) {
                    target = it->second;
                    break;
                }
            }
            for (const auto& s : stems) {
                if (map.find(s) == map.end()) map.emplace(s, target);
            }
            map.emplace(target, target);
        }
    }
}

std::string_view Synonyms::canonical(std::string_view lang, std::string_view stem) const {
    auto l = by_lang_.find(std::string(lang));
    if (l == by_lang_.end()) return stem;
    auto it = l->second.find(std::string(stem));
    return it == l->second.end() ? stem : std::string_view(it->second);
}

}  // namespace kb
