#include "routing/text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>

#include "common/number_words.hpp"

namespace advieslijn::routing {
namespace {

std::string ascii_lower_fallback(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (c >= 0x80)
            out.push_back(' ');
        else
            out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    return out;
}

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool is_sentence_end(unsigned char c) {
    return c == '.' || c == '!' || c == '?' || c == '\n';
}

bool is_clause_punct(unsigned char c) {
    return is_sentence_end(c) || c == ',' || c == ';' || c == ':';
}

}  // namespace

std::string fold_text(std::string_view text) {
    // Plain ASCII (most transcripts and chat messages) has no marks, ligatures or
    // typographic punctuation: compatibility composition and case folding come down to
    // lowering A-Z, without utf8proc's per-code-point decomposition.
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return ascii_lower_fallback(text);
    utf8proc_uint8_t* out = nullptr;
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                                        UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const utf8proc_ssize_t n =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &out, options);
    if (n < 0) {
        // Invalid UTF-8: fold what is ASCII rather than refusing the message.
        return ascii_lower_fallback(text);
    }
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> holder(out, &std::free);
    std::string folded(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
    // Typographic apostrophes and dashes come in from phones and word processors.
    // Arabic is typed with and without its letter variants: ta marbuta and ha, alif maqsura and
    // ya, the Persian ya and kaf of some keyboards, and the stretching tatweel; the hamza forms
    // of alif, waw and ya and the harakat are already gone (STRIPMARK). Arabic punctuation,
    // Arabic-Indic digits and typographic quotes („…”, «…») become their ASCII forms, so they
    // no longer stick to the word they touch.
    static constexpr std::pair<std::string_view, std::string_view> replacements[] = {
        {"\xD8\xA9", "\xD9\x87"},  // ة -> ه
        {"\xD9\x89", "\xD9\x8A"},  // ى -> ي
        {"\xDB\x8C", "\xD9\x8A"},  // ی -> ي
        {"\xDA\xA9", "\xD9\x83"},  // ک -> ك
        {"\xD9\x80", ""},            // tatweel
        {"\xD8\x9F", "?"},           // ؟
        {"\xD8\x8C", ","},           // ،
        {"\xD8\x9B", ";"},           // ؛
        {"\xD9\xAA", "%"},           // ٪
        {"\xE2\x80\x9C", "\""},      // “
        {"\xE2\x80\x9D", "\""},      // ”
        {"\xE2\x80\x9E", "\""},      // „
        {"\xC2\xAB", "\""},          // «
        {"\xC2\xBB", "\""},          // »
    };
    std::string result;
    result.reserve(folded.size());
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto c0 = static_cast<unsigned char>(folded[i]);
        if (c0 == 0xD9 && i + 1 < folded.size()) {
            // Arabic-Indic digits U+0660..U+0669 (D9 A0..D9 A9) -> 0..9.
            const auto c1 = static_cast<unsigned char>(folded[i + 1]);
            if (c1 >= 0xA0 && c1 <= 0xA9) {
                result.push_back(static_cast<char>('0' + (c1 - 0xA0)));
                ++i;
                continue;
            }
        }
        if (c0 >= 0xC2) {
            bool replaced = false;
            for (const auto& [from, to] : replacements) {
                if (folded.compare(i, from.size(), from) == 0) {
                    result.append(to);
                    i += from.size() - 1;
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        if (folded.compare(i, 3, "\xE2\x80\x99") == 0 ||
            folded.compare(i, 3, "\xE2\x80\x98") == 0) {
            result.push_back('\'');
            i += 2;
        } else if (folded.compare(i, 3, "\xE2\x80\x93") == 0 ||
                   folded.compare(i, 3, "\xE2\x80\x94") == 0) {
            result.push_back('-');
            i += 2;
        } else {
            result.push_back(folded[i]);
        }
    }
    return result;
}

std::vector<Token> tokenize(std::string_view folded, const std::vector<std::string>& clause_words) {
    std::vector<Token> tokens;
    int clause = 0;
    int sentence = 0;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        tokens.push_back(Token{word, clause, sentence});
        if (std::find(clause_words.begin(), clause_words.end(), word) != clause_words.end())
            ++clause;
        word.clear();
    };
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (c == 0xF0 && i + 3 < folded.size() && static_cast<unsigned char>(folded[i + 1]) == 0x9F) {
            // An emoji (U+1F000..U+1FFFF) is a word of its own: chat glues them to words and
            // to each other ("lol😂", "😭😂"), and a laughing face says something of its own.
            flush();
            word.assign(folded, i, 4);
            tokens.push_back(Token{word, clause, sentence});
            word.clear();
            i += 3;
        } else if (is_word_byte(c)) {
            word.push_back(static_cast<char>(c));
        } else if (c == '\'' && !word.empty() && i + 1 < folded.size() &&
                   is_word_byte(static_cast<unsigned char>(folded[i + 1]))) {
            // "don't" -> "dont", "kid's" -> "kids": one word, as people type it either way.
            continue;
        } else {
            flush();
            if (is_clause_punct(c)) ++clause;
            if (is_sentence_end(c)) ++sentence;
        }
    }
    flush();
    return tokens;
}

std::string_view trim(std::string_view s) {
    const auto ws = " \t\r\n\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::string utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t n = max_bytes;
    // Step back over continuation bytes so the cut lands on a character boundary.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

std::string one_line(std::string_view s, std::size_t max_bytes) {
    std::string out;
    bool gap = false;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c == 0x7f) {
            gap = !out.empty();
            continue;
        }
        if (gap) out += ' ';
        gap = false;
        out += ch;
    }
    return utf8_prefix(out, max_bytes);
}

namespace {

// 0..23 written as digits or as a Dutch or English word (folded: "drieentwintig").
std::optional<int> number_value(std::string_view w) {
    if (!w.empty() && w.size() <= 2 && std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        const int n = std::stoi(std::string(w));
        return n <= 23 ? std::optional<int>(n) : std::nullopt;
    }
    return number_word_value(w);
}

bool among(std::string_view w, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), w) != list.end();
}

}  // namespace

std::optional<int> child_age(std::string_view text) {
    const auto tokens = tokenize(fold_text(text), {});
    const auto at = [&](std::size_t i) -> std::string_view {
        return i < tokens.size() ? std::string_view(tokens[i].text) : std::string_view();
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string_view w = at(i);
        // "vijfjarige", "15jarig": one word.
        for (std::string_view suffix : {"jarige", "jarig"}) {
            if (w.size() > suffix.size() && w.ends_with(suffix))
                if (auto n = number_value(w.substr(0, w.size() - suffix.size()))) return n;
        }
        const auto n = number_value(w);
        if (!n) continue;
        const std::string_view before = i > 0 ? at(i - 1) : std::string_view();
        const std::string_view next = at(i + 1);
        // "al 3 jaar", "sinds 2 jaar", "for 3 years", "3 jaar geleden": how long, not how old.
        const bool duration = among(before, {"al", "sinds", "since", "for", "over", "binnen", "within",
                                             "na", "after", "per", "elke", "every", "ruim", "bijna"}) ||
                              among(at(i + 2), {"geleden", "ago", "lang", "long"});
        if (among(next, {"jaar", "jaren", "jr", "year", "years", "yo", "jarige", "jarig"}) && !duration)
            return n;
        if (among(next, {"maand", "maanden", "month", "months", "weken", "weeks"}) && !duration)
            return 0;
        // "dochter van vijftien", "my son is 15", "aged 9".
        if (before == "aged" || (before == "van" && i >= 2 &&
                                 among(at(i - 2), {"zoon", "zoontje", "dochter", "dochtertje", "kind",
                                                   "kindje", "jongen", "meisje", "puber", "tiener",
                                                   "pleegkind", "pleegzoon", "pleegdochter", "stiefzoon",
                                                   "stiefdochter", "broer", "zus", "broertje", "zusje"})))
            return n;
        if (before == "is" && i >= 2 && among(at(i - 2), {"son", "daughter", "child", "kid", "boy", "girl"}))
            return n;
    }
    // No age in numbers: a stage of life.
    for (const auto& t : tokens) {
        const std::string_view w = t.text;
        if (among(w, {"zwanger", "zwangerschap", "pregnant", "pregnancy", "bevalling", "uitgerekend"})) return -1;
        if (among(w, {"baby", "babys", "babytje", "pasgeboren", "zuigeling", "newborn"})) return 0;
        if (among(w, {"peuter", "peuters", "peutertje", "toddler", "dreumes"})) return 2;
        if (among(w, {"kleuter", "kleuters", "preschooler"})) return 4;
        if (among(w, {"puber", "pubers", "tiener", "tieners", "teenager", "teen", "adolescent"})) return 14;
    }
    return std::nullopt;
}

std::string_view window_for_key(char key) {
    switch (key) {
        case '1': return "morning";
        case '2': return "afternoon";
        case '3': return "evening";
        default: return "any";
    }
}

}  // namespace advieslijn::routing
