#include "knowledge-base/dutch.hpp"

#include <algorithm>
#include <array>

#include "common/number_words.hpp"
#include "knowledge-base/text.hpp"

namespace kb::dutch {
namespace {

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

bool is_clause_mark(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\n' ||
           c == '(' || c == ')';
}

// Words that open a new clause; a particle belongs to the verb of its own clause only.
bool is_conjunction(std::string_view w) {
    return one_of(w, {"en", "maar", "want", "omdat", "als", "dat", "of", "terwijl", "toen",
                      "zodat", "wanneer", "doordat", "nadat", "voordat", "zodra", "hoewel",
                      "dus", "die"});
}

void add_unique(std::vector<std::string>& out, std::string s) {
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
}

std::string doubled_vowel(std::string_view base) {
    auto n = base.size();
    if (n < 3 || is_vowel(base[n - 1]) || !is_vowel(base[n - 2]) || base[n - 2] == 'i' ||
        is_vowel(base[n - 3])) {
        return {};
    }
    std::string out(base.substr(0, n - 1));
    out.push_back(base[n - 2]);
    out.push_back(base[n - 1]);
    return out;
}

}  // namespace

std::string long_vowel_stem(std::string_view w) {
    if (w.size() < 5 || !w.ends_with("en")) return {};
    auto out = doubled_vowel(w.substr(0, w.size() - 2));
    if (out.empty()) return out;
    if (out.back() == 'v') out.back() = 'f';
    else if (out.back() == 'z') out.back() = 's';
    return out;
}

std::vector<std::vector<std::string>> clauses(std::string_view text, std::size_t max_bytes) {
    if (text.size() > max_bytes) text = text.substr(0, max_bytes);
    std::vector<std::vector<std::string>> out;
    auto add_piece = [&](std::string_view piece) {
        std::vector<std::string> clause;
        for (auto& w : tokenize(piece, max_bytes)) {
            if (is_conjunction(w) && !clause.empty()) {
                out.push_back(std::move(clause));
                clause.clear();
            }
            clause.push_back(std::move(w));
        }
        if (!clause.empty()) out.push_back(std::move(clause));
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_clause_mark(text[i])) continue;
        if (i > start) add_piece(text.substr(start, i - start));
        start = i + 1;
    }
    if (start < text.size()) add_piece(text.substr(start));
    return out;
}

namespace {
constexpr std::array<std::string_view, 25> particles = {
    "door", "terug", "op",   "in",    "uit",   "over",  "aan",   "af",   "mee",
    "weg",  "thuis", "na",   "toe",   "bij",   "om",    "voor",  "neer", "langs",
    "tegen", "vast", "samen", "los",  "open",  "dicht", "achter"};
}  // namespace

int particle_index(std::string_view w) {
    auto it = std::find(particles.begin(), particles.end(), w);
    return it == particles.end() ? -1 : static_cast<int>(it - particles.begin());
}

std::string_view particle(int index) { return particles.at(static_cast<std::size_t>(index)); }

int particle_count() { return static_cast<int>(particles.size()); }

std::vector<std::string> infinitive_stems(std::string_view w) {
    std::string base;
    if (w.size() >= 4 && w.ends_with("en") && !is_vowel(w[w.size() - 3])) {
        base = w.substr(0, w.size() - 2);  // slapen, bellen, ruimen
    } else if (w.size() >= 3 && (w.ends_with("aan") || w.ends_with("oen") || w.ends_with("ien"))) {
        base = w.substr(0, w.size() - 1);  // gaan, doen, zien
    } else {
        return {};
    }
    std::vector<std::string> stems{base};
    auto n = base.size();
    // bellen -> bel: a doubled consonant is single in the stem.
    if (n >= 3 && base[n - 1] == base[n - 2] && !is_vowel(base[n - 1])) {
        add_unique(stems, base.substr(0, n - 1));
    }
    // slapen -> slaap: an open syllable's single vowel is written double in the stem.
    if (auto open = doubled_vowel(base); !open.empty()) add_unique(stems, std::move(open));
    // geven -> geef, lezen -> lees: no stem ends in v or z.
    for (std::size_t i = 0, count = stems.size(); i < count; ++i) {
        auto s = stems[i];
        if (s.back() == 'v') s.back() = 'f';
        else if (s.back() == 'z') s.back() = 's';
        else continue;
        add_unique(stems, std::move(s));
    }
    return stems;
}

std::vector<std::string> form_stems(std::string_view w, bool infinitive) {
    std::vector<std::string> out{std::string(w)};  // ik slaap ... door
    if (w.size() >= 3 && w.back() == 't') add_unique(out, std::string(w.substr(0, w.size() - 1)));
    if (!infinitive) return out;
    for (auto& s : infinitive_stems(w)) add_unique(out, std::move(s));  // kan niet door slapen
    return out;
}

std::string diminutive_base(std::string_view w) {
    if (w.ends_with("s")) w.remove_suffix(1);  // plural: tandjes, balletjes
    if (!w.ends_with("je") || w.size() < 5) return {};
    constexpr std::size_t min_base = 3;
    auto ends_with_any = [](std::string_view s, std::initializer_list<std::string_view> ends) {
        return std::any_of(ends.begin(), ends.end(), [&](std::string_view e) { return s.ends_with(e); });
    };
    // -etje after a short vowel, with the consonant doubled: balletje, poppetje, wangetje.
    if (w.ends_with("etje") && w.size() - 4 >= min_base) {
        auto base = w.substr(0, w.size() - 4);
        auto n = base.size();
        if (base.ends_with("ng")) return std::string(base);
        if (!is_vowel(base[n - 1]) && base[n - 1] == base[n - 2]) return std::string(base.substr(0, n - 1));
    }
    // -pje after m: bloempje, boompje.
    if (w.ends_with("mpje")) return std::string(w.substr(0, w.size() - 3));
    if (w.ends_with("tje")) {
        auto base = w.substr(0, w.size() - 3);  // at least two letters (w has five or more)
        // After a vowel written at the end of a word (koe, thee, knie, ei, bij, baby) or a long
        // vowel or diphthong with l, n, r, w (zoon, stoel, deur, vrouw): -tje.
        if (ends_with_any(base, {"ee", "ie", "oe", "ei", "ij", "ui", "ou", "au", "y"})) return std::string(base);
        auto n = base.size();
        char last = base[n - 1];
        bool long_vowel = n >= 3 && ((is_vowel(base[n - 2]) && is_vowel(base[n - 3])) ||
                                     base.substr(n - 3, 2) == "ij");
        if ((last == 'l' || last == 'n' || last == 'r' || last == 'w') && long_vowel) {
            return std::string(base);
        }
        // Else a word ending in t plus -je: potje, plaatje, feestje, nichtje.
    }
    auto base = w.substr(0, w.size() - 2);
    if (base.size() < min_base || is_vowel(base.back())) return {};
    return std::string(base);
}

bool is_small_number(std::string_view w) {
    if (!w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoi(std::string(w)) <= 25;
    }
    // "een"/"one" is mostly the article "a"; past twenty it is seldom a child's age or count.
    const auto v = advieslijn::number_word_value(w);
    return v && *v >= 2 && *v <= 20;
}

}  // namespace kb::dutch
