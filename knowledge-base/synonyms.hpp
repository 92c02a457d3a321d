#pragma once

// Synonym groups per language. Matching maps every member's stem to the stem of the group's
// first word on both the article and the query side, so "tiener" finds "puber" articles.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "knowledge-base/article.hpp"

namespace kb {

class Synonyms {
public:
    // The groups shipped in knowledge-base/data/synonyms.json (compiled in).
    static const Synonyms& defaults();

    // Adds the groups of a synonyms file: {"nl": [["puber", "tiener"], ...], "en": [...]}.
    // A group that shares a word with an existing group joins it. Problems name file and entry.
    void add(std::string_view json_text, const std::string& file, std::vector<Problem>& problems);

    // The group's stem for a stem, or the stem itself.
    std::string_view canonical(std::string_view lang, std::string_view stem) const;

private:
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> by_lang_;
};

}  // namespace kb
