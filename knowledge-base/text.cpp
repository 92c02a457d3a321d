#include "knowledge-base/text.hpp"

#include <libstemmer.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>

#include "knowledge-base/default_data.hpp"
#include "knowledge-base/dutch.hpp"

namespace kb {
namespace {

constexpr std::size_t max_word_bytes = 48;  // longer "words" are pasted noise, not questions

bool is_apostrophe(utf8proc_int32_t cp) {
    return cp == 0x27 || cp == 0x60 || cp == 0xB4 || cp == 0x2018 || cp == 0x2019 ||
           cp == 0x02BC;
}

enum class char_kind { separator, letter, digit };

char_kind kind_of(utf8proc_int32_t cp) {
    switch (utf8proc_category(cp)) {
        case UTF8PROC_CATEGORY_LU:
        case UTF8PROC_CATEGORY_LL:
        case UTF8PROC_CATEGORY_LT:
        case UTF8PROC_CATEGORY_LM:
        case UTF8PROC_CATEGORY_LO:
            return char_kind::letter;
        case UTF8PROC_CATEGORY_ND:
            return char_kind::digit;
        default:
            return char_kind::separator;
    }
}

// Dutch time adverbs as speech recognition writes them without the apostrophe.
std::string_view strip_spoken_s(std::string_view w) {
    static constexpr std::array<std::string_view, 5> words = {"snachts", "smorgens", "savonds",
                                                              "smiddags", "sochtends"};
    for (auto candidate : words) {
        if (w == candidate) return w.substr(1);
    }
    return w;
}

// Resolves apostrophes inside one chunk and appends the resulting words.
void emit_chunk(std::string_view chunk, std::vector<std::string>& out) {
    auto push = [&out](std::string_view w) {
        w = strip_spoken_s(w);
        if (w.empty() || w.size() > max_word_bytes) return;
        bool digit = w.front() >= '0' && w.front() <= '9';
        if (w.size() == 1 && !digit) return;
        out.emplace_back(w);
    };
    auto apos = chunk.find('\'');
    if (apos == std::string_view::npos) {
        push(chunk);
        return;
    }
    auto head = chunk.substr(0, apos);
    auto tail = chunk.substr(apos + 1);
    if (head.empty()) {
        // Leading clitics: 's (des, as in 's nachts) carries nothing; 't, 'k, 'n are words.
        if (tail == "t") return push("het");
        if (tail == "k") return push("ik");
        if (tail == "n") return push("een");
        if (tail == "s") return;
        return emit_chunk(tail, out);
    }
    if (tail.find('\'') != std::string_view::npos) {
        // Several apostrophes (rock'n'roll): just join the pieces.
        std::string joined;
        for (char c : chunk) {
            if (c != '\'') joined.push_back(c);
        }
        return push(joined);
    }
    // baby's, foto's (Dutch plural) and child's (English possessive) mean the bare word.
    if (tail == "s") return push(head);
    if (tail == "n") {  // zo'n = zo een
        push(head);
        return push("een");
    }
    std::string joined(head);  // don't -> dont, which the stop words know
    joined.append(tail);
    push(joined);
}

}  // namespace

std::vector<std::string> tokenize(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string> words;
    if (text.size() > max_bytes) text = text.substr(0, max_bytes);

    std::string chunk;  // current word, folded, with '\'' marking apostrophes
    char_kind last = char_kind::separator;
    auto flush = [&] {
        if (!chunk.empty()) emit_chunk(chunk, words);
        chunk.clear();
        last = char_kind::separator;
    };

    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    auto left = static_cast<utf8proc_ssize_t>(text.size());
    constexpr auto fold_options = static_cast<utf8proc_option_t>(
        UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
        UTF8PROC_IGNORE);
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        auto n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {  // invalid byte: a separator, then resynchronise on the next byte
            flush();
            ++p;
            --left;
            continue;
        }
        p += n;
        left -= n;

        if (is_apostrophe(cp)) {
            chunk.push_back('\'');
            continue;
        }
        std::array<utf8proc_int32_t, 18> folded{};
        int boundclass = 0;
        auto count = utf8proc_decompose_char(cp, folded.data(), folded.size(), fold_options,
                                             &boundclass);
        if (count < 0 || static_cast<std::size_t>(count) > folded.size()) {
            flush();
            continue;
        }
        for (utf8proc_ssize_t i = 0; i < count; ++i) {
            auto k = kind_of(folded[i]);
            if (k == char_kind::separator) {
                flush();
                continue;
            }
            // A change between letters and digits splits words: "4maanden", "covid19".
            if (last != char_kind::separator && k != last && !chunk.empty() &&
                chunk.back() != '\'') {
                emit_chunk(chunk, words);
                chunk.clear();
            }
            std::array<utf8proc_uint8_t, 4> bytes{};
            auto len = utf8proc_encode_char(folded[i], bytes.data());
            chunk.append(reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(len));
            last = k;
        }
    }
    flush();
    return words;
}

namespace {

struct stemmer_deleter {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

struct thread_stemmer {
    std::string lang;
    std::unique_ptr<sb_stemmer, stemmer_deleter> stemmer;  // null: language not in libstemmer
};

}  // namespace

std::string stem(std::string_view lang, std::string_view word) {
    // sb_stemmer keeps per-call state, so each thread gets its own instance per language.
    thread_local std::vector<thread_stemmer> stemmers;
    auto it = std::find_if(stemmers.begin(), stemmers.end(),
                           [&](const thread_stemmer& s) { return s.lang == lang; });
    if (it == stemmers.end()) {
        std::string code(lang);
        // libstemmer accepts ISO 639-1 codes ("nl", "en") as module names.
        stemmers.push_back({code, std::unique_ptr<sb_stemmer, stemmer_deleter>(
                                      sb_stemmer_new(code.c_str(), "UTF_8"))});
        it = std::prev(stemmers.end());
    }
    if (!it->stemmer || word.empty()) return std::string(word);
    // A diminutive is its word (tandjes, tanden: tand), which Snowball's Dutch stemmer leaves.
    std::string base;
    if (lang == "nl") {
        base = dutch::diminutive_base(word);
        if (!base.empty()) word = base;
    }
    const auto* out = sb_stemmer_stem(it->stemmer.get(),
                                      reinterpret_cast<const sb_symbol*>(word.data()),
                                      static_cast<int>(word.size()));
    if (out == nullptr) return std::string(word);  // out of memory inside libstemmer
    std::string result(reinterpret_cast<const char*>(out),
                       static_cast<std::size_t>(sb_stemmer_length(it->stemmer.get())));
    // Snowball's Dutch stemmer undoubles only kk, dd and tt, so a plural keeps the doubled
    // consonant its singular lacks: woedeaanvallen -> woedeaanvall, poppen -> popp. Undouble
    // every final consonant pair (both sides of a match are stemmed the same way).
    if (lang == "nl" && result.size() >= 4) {
        char last = result.back();
        bool consonant = last >= 'a' && last <= 'z' && std::string_view("aeiouy").find(last) == std::string_view::npos;
        if (consonant && result[result.size() - 2] == last) result.pop_back();
    }
    return result;
}

namespace {

std::unordered_set<std::string> parse_word_list(std::string_view text) {
    std::unordered_set<std::string> words;
    while (!text.empty()) {
        auto eol = text.find('\n');
        auto line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        // Lines are folded the same way as queries so the list may be written naturally.
        for (auto& w : tokenize(line)) words.insert(std::move(w));
    }
    return words;
}

}  // namespace

bool is_stop_word(std::string_view lang, std::string_view word) {
    static const auto nl = parse_word_list(data::stopwords_nl);
    static const auto en = parse_word_list(data::stopwords_en);
    const std::unordered_set<std::string>* set = nullptr;
    if (lang == "nl") set = &nl;
    else if (lang == "en") set = &en;
    if (set == nullptr) return false;
    return set->find(std::string(word)) != set->end();
}

int edit_distance_capped(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) std::swap(a, b);
    if (b.size() - a.size() > 1) return 2;
    // Strip the common prefix and suffix; what is left must be one edit.
    std::size_t front = 0;
    while (front < a.size() && a[front] == b[front]) ++front;
    std::size_t back = 0;
    while (back < a.size() - front && a[a.size() - 1 - back] == b[b.size() - 1 - back]) ++back;
    auto ra = a.substr(front, a.size() - front - back);
    auto rb = b.substr(front, b.size() - front - back);
    if (ra.empty() && rb.empty()) return 0;
    if (ra.size() <= 1 && rb.size() == 1) return 1;  // one insertion or substitution
    if (ra.size() == 2 && rb.size() == 2 && ra[0] == rb[1] && ra[1] == rb[0]) return 1;
    return 2;
}

int edit_distance_within(std::string_view a, std::string_view b, int max) {
    auto la = static_cast<int>(a.size());
    auto lb = static_cast<int>(b.size());
    if (std::abs(la - lb) > max) return max + 1;
    // Three rows of the OSA table; cells outside the band |i - j| <= max stay "too far".
    const int far = max + 1;
    // Words are at most max_word_bytes long; fixed rows keep this free of allocation.
    constexpr int max_len = 63;
    if (lb > max_len || la > max_len) return a == b ? 0 : far;
    std::array<int, max_len + 1> prev2{};
    std::array<int, max_len + 1> prev{};
    std::array<int, max_len + 1> cur{};
    prev2.fill(far);
    prev.fill(far);
    for (int j = 0; j <= std::min(lb, max); ++j) prev[static_cast<std::size_t>(j)] = j;
    for (int i = 1; i <= la; ++i) {
        std::fill(cur.begin(), cur.end(), far);
        if (i <= max) cur[0] = i;
        int row_min = cur[0];
        for (int j = std::max(1, i - max); j <= std::min(lb, i + max); ++j) {
            auto uj = static_cast<std::size_t>(j);
            int cost = a[static_cast<std::size_t>(i - 1)] == b[uj - 1] ? 0 : 1;
            int d = std::min({prev[uj] + 1, cur[uj - 1] + 1, prev[uj - 1] + cost});
            if (i > 1 && j > 1 && a[static_cast<std::size_t>(i - 1)] == b[uj - 2] &&
                a[static_cast<std::size_t>(i - 2)] == b[uj - 1]) {
                d = std::min(d, prev2[uj - 2] + 1);
            }
            cur[uj] = std::min(d, far);
            row_min = std::min(row_min, cur[uj]);
        }
        if (row_min > max) return far;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[static_cast<std::size_t>(lb)];
}

}  // namespace kb
