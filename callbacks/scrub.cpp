#include "callbacks/scrub.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace advieslijn::callbacks {

namespace {

bool digit(char c) {
    return c >= '0' && c <= '9';
}
bool ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Letters, digits and every byte of a multi-byte UTF-8 character (é, ö, ç are letters too).
bool word_byte(char c) {
    return ascii_letter(c) || digit(c) || static_cast<unsigned char>(c) >= 0x80;
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string lowered(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), lower);
    return out;
}
bool at_word_start(std::string_view s, std::size_t i) {
    return i == 0 || !word_byte(s[i - 1]);
}
bool at_word_end(std::string_view s, std::size_t i) {
    return i >= s.size() || !word_byte(s[i]);
}

// --- e-mail -------------------------------------------------------------------------------

bool email_local(char c) {
    return ascii_letter(c) || digit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool email_domain(char c) {
    return ascii_letter(c) || digit(c) || c == '.' || c == '-';
}

std::string scrub_emails(std::string_view s) {
    std::string out;
    std::size_t copied = 0;
    for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
        std::size_t begin = at;
        while (begin > copied && email_local(s[begin - 1])) --begin;
        std::size_t end = at + 1;
        while (end < s.size() && email_domain(s[end])) ++end;
        while (end > at + 1 && s[end - 1] == '.') --end;  // the sentence's full stop
        const std::string_view domain = s.substr(at + 1, end - at - 1);
        const auto dot = domain.rfind('.');
        if (begin == at || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size())
            continue;
        out.append(s.substr(copied, begin - copied)).append("[email]");
        copied = end;
        at = end - 1;
    }
    return out.append(s.substr(copied));
}

// --- phone numbers ------------------------------------------------------------------------

bool phone_separator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
}

// A run of digits from `i` (optionally "+" or "(" first) with up to two separator characters
// between digit groups; its end and its digits.
struct DigitRun {
    std::size_t end = 0;
    std::string digits;
    bool plus = false;
};
DigitRun digit_run(std::string_view s, std::size_t i) {
    DigitRun r;
    std::size_t j = i;
    if (s[j] == '(') ++j;
    if (j < s.size() && s[j] == '+') {
        r.plus = true;
        ++j;
    }
    while (j < s.size()) {
        if (digit(s[j])) {
            r.digits += s[j++];
            r.end = j;
            continue;
        }
        std::size_t k = j;
        while (k < s.size() && k - j < 3 && phone_separator(s[k])) ++k;
        if (k == j || k >= s.size() || !digit(s[k])) break;
        j = k;
    }
    return r;
}

bool looks_like_phone(const DigitRun& r) {
    const std::string& d = r.digits;
    if (r.plus) return d.size() >= 8;
    if (d.size() >= 9) return true;  // 06-12345678, 020 123 4567, 0031…, a BSN as well
    // Service numbers are shorter: 0800-1234 … 0800-1234567, 0900-…, 088-…
    const bool service = d.rfind("0800", 0) == 0 || d.rfind("0900", 0) == 0 ||
                         d.rfind("0906", 0) == 0 || d.rfind("0909", 0) == 0;
    return service && d.size() >= 8;
}

std::string scrub_phones(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        const bool start = at_word_start(s, i) &&
                           (digit(s[i]) ||
                            ((s[i] == '+' || s[i] == '(') && i + 1 < s.size() &&
                             (digit(s[i + 1]) || s[i + 1] == '+')));
        if (start) {
            const DigitRun r = digit_run(s, i);
            if (r.end > i && at_word_end(s, r.end) && looks_like_phone(r)) {
                out += "[phone]";
                i = r.end;
                continue;
            }
            if (r.end > i && !r.plus && s[i] != '(') {
                // Not a number: copy the digits as they are and go on after them.
                out.append(s.substr(i, r.end - i));
                i = r.end;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

// --- postcodes ----------------------------------------------------------------------------

// Two-letter words that follow a number in ordinary sentences ("in 2019 is hij …").
constexpr std::array<std::string_view, 22> not_postcode_letters{
    "is", "en", "in", "op", "om", "te", "er", "al", "nu", "zo", "ik", "je",
    "we", "ze", "at", "on", "of", "to", "as", "an", "by", "or"};

std::string scrub_postcodes(std::string_view s) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (at_word_start(s, i) && i + 6 <= s.size() && s[i] >= '1' && s[i] <= '9' &&
            digit(s[i + 1]) && digit(s[i + 2]) && digit(s[i + 3])) {
            const bool space = s[i + 4] == ' ';
            const std::size_t l = i + 4 + (space ? 1 : 0);
            if (l + 2 <= s.size() && ascii_letter(s[l]) && ascii_letter(s[l + 1]) &&
                at_word_end(s, l + 2)) {
                const std::string_view letters = s.substr(l, 2);
                const bool word = space && letters == lowered(letters) &&
                                  std::find(not_postcode_letters.begin(),
                                            not_postcode_letters.end(),
                                            letters) != not_postcode_letters.end();
                if (!word) {
                    out += "[postcode]";
                    i = l + 2;
                    continue;
                }
            }
        }
        out += s[i++];
    }
    return out;
}

// --- words: addresses and names -----------------------------------------------------------

struct Word {
    std::size_t begin, end;
};

// Words (runs of word bytes, with inner hyphens and apostrophes: "Jan-Willem", "d'Artagnan").
std::vector<Word> words(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (!word_byte(s[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() &&
               (word_byte(s[j]) || ((s[j] == '-' || s[j] == '\'') && j + 1 < s.size() &&
                                    word_byte(s[j + 1]) && j > i)))
            ++j;
        out.push_back({i, j});
        i = j;
    }
    return out;
}

bool all_digits_then_letter(std::string_view w) {
    // A house number: "12", "12a", "12-14", "12-II"
    std::size_t i = 0;
    while (i < w.size() && digit(w[i])) ++i;
    return i > 0 && i <= 5 && (w.size() - i) <= 3;
}

constexpr std::array<std::string_view, 22> street_suffixes{
    "straat", "laan",  "weg",   "plein", "gracht", "kade",      "singel", "dijk",
    "dreef",  "hof",   "pad",   "steeg", "markt",  "plantsoen", "allee",  "boulevard",
    "baan",   "ring",  "street", "road", "avenue", "lane"};

bool street_word(std::string_view w) {
    const std::string l = lowered(w);
    return std::any_of(street_suffixes.begin(), street_suffixes.end(), [&](std::string_view suffix) {
        return l.size() >= suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
}

// Name particles: never a name by themselves, but part of one after "mijn naam is".
constexpr std::array<std::string_view, 12> particles{"van", "de",  "der", "den", "het", "te",
                                                     "ten", "ter", "la",  "le",  "du",  "da"};
bool particle(std::string_view w) {
    const std::string l = lowered(w);
    return std::find(particles.begin(), particles.end(), l) != particles.end();
}

bool capitalised(std::string_view w) {
    return !w.empty() && ((w[0] >= 'A' && w[0] <= 'Z') || static_cast<unsigned char>(w[0]) >= 0xC3);
}

// The phrases a name follows, as lower-case word sequences. After "ik heet" anything is the
// name ("ik heet kevin"); after "ik ben", "mijn zoon", "met" … only a capitalised word is
// ("ik ben Sanne", not "ik ben bang"; "mijn zoon Daan", not "mijn zoon slaapt").
struct NameIntro {
    std::vector<std::string_view> words;
    bool capitalised_only = false;
};
const std::vector<NameIntro>& name_intros() {
    static const std::vector<NameIntro> intros = [] {
        std::vector<NameIntro> out{
            {{"ik", "heet"}}, {{"mijn", "naam", "is"}}, {{"my", "name", "is"}},
            {{"i'm", "called"}}, {{"im", "called"}}, {{"i", "am", "called"}},
            {{"ze", "heet"}}, {{"hij", "heet"}},
            {{"heet"}, true}, {{"ik", "ben"}, true}, {{"met"}, true}, {{"i", "am"}, true},
            {{"i'm"}, true}, {{"zoontje"}, true}, {{"dochtertje"}, true}, {{"named"}, true},
            {{"called"}, true}};
        for (const std::string_view who : {"mijn", "onze", "ons", "my", "our"})
            for (const std::string_view relative :
                 {"zoon", "dochter", "kind", "baby", "man", "vrouw", "partner", "vriend",
                  "vriendin", "broer", "zus", "zusje", "broertje", "moeder", "vader", "ex",
                  "son", "daughter", "child", "husband", "wife", "boyfriend", "girlfriend",
                  "brother", "sister", "mother", "father"})
                out.push_back({{who, relative}, true});
        return out;
    }();
    return intros;
}

// "ADHD", "CJG", "GGD": capitalised, but an abbreviation rather than a name.
bool all_capitals(std::string_view w) {
    return w.size() >= 2 && std::all_of(w.begin(), w.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || digit(c);
           });
}

// Marks [begin, end) byte ranges to replace with `token`; applied at the end in one pass.
struct Cut {
    std::size_t begin, end;
    const char* token;
};

std::string apply(std::string_view s, std::vector<Cut> cuts) {
    std::sort(cuts.begin(), cuts.end(), [](const Cut& a, const Cut& b) { return a.begin < b.begin; });
    std::string out;
    std::size_t copied = 0;
    for (const Cut& c : cuts) {
        if (c.begin < copied) continue;  // overlaps one already cut
        out.append(s.substr(copied, c.begin - copied)).append(c.token);
        copied = c.end;
    }
    return out.append(s.substr(copied));
}

std::string scrub_words(std::string_view s, std::string_view caller_name) {
    const std::vector<Word> ws = words(s);
    auto text = [&](std::size_t i) { return s.substr(ws[i].begin, ws[i].end - ws[i].begin); };
    std::vector<Cut> cuts;

    // Street + house number.
    for (std::size_t i = 0; i + 1 < ws.size(); ++i) {
        if (!digit(text(i)[0]) && street_word(text(i)) && all_digits_then_letter(text(i + 1)))
            cuts.push_back({ws[i].begin, ws[i + 1].end, "[address]"});
    }

    // The words after "ik heet", "mijn naam is", …: the first always (after "ik ben", "mijn
    // zoon", … only a capitalised one), then capitalised words and particles (with the word
    // after a particle), at most four words.
    for (std::size_t i = 0; i < ws.size(); ++i) {
        for (const auto& intro : name_intros()) {
            const auto& phrase = intro.words;
            if (i + phrase.size() >= ws.size()) continue;
            bool match = true;
            for (std::size_t k = 0; k < phrase.size() && match; ++k)
                match = lowered(text(i + k)) == phrase[k];
            if (!match) continue;
            std::size_t j = i + phrase.size();
            const std::size_t first = j;
            if (intro.capitalised_only &&
                (!capitalised(text(first)) || all_capitals(text(first)) ||
                 s.substr(ws[first - 1].end, ws[first].begin - ws[first - 1].end) != " "))
                continue;
            while (j < ws.size() && j - first < 4 && !digit(text(j)[0])) {
                const bool take = j == first || capitalised(text(j)) || particle(text(j)) ||
                                  particle(text(j - 1));
                // Only spaces between the words of one name.
                const bool joined = j == first || s.substr(ws[j - 1].end, ws[j].begin - ws[j - 1].end) == " ";
                if (!take || !joined) break;
                ++j;
            }
            if (j > first) cuts.push_back({ws[first].begin, ws[j - 1].end, "[name]"});
        }
    }

    // Every word of the name on the task.
    std::vector<std::string> name_words;
    for (const Word& w : words(caller_name)) {
        const std::string_view part = caller_name.substr(w.begin, w.end - w.begin);
        if (part.size() >= 2 && !particle(part)) name_words.push_back(lowered(part));
        // "Jan-Willem" is also written "Jan" or "Willem" alone.
        for (std::size_t from = 0, dash = 0; dash != std::string_view::npos; from = dash + 1) {
            dash = part.find('-', from);
            const std::string_view piece = part.substr(from, dash == std::string_view::npos ? dash : dash - from);
            if (piece.size() >= 2 && piece.size() < part.size() && !particle(piece))
                name_words.push_back(lowered(piece));
        }
    }
    for (std::size_t i = 0; i < ws.size(); ++i) {
        const std::string l = lowered(text(i));
        if (std::find(name_words.begin(), name_words.end(), l) != name_words.end())
            cuts.push_back({ws[i].begin, ws[i].end, "[name]"});
    }
    return apply(s, std::move(cuts));
}

}  // namespace

std::string scrub_personal_data(std::string_view text, std::string_view caller_name) {
    std::string s = scrub_emails(text);
    s = scrub_phones(s);
    s = scrub_postcodes(s);
    return scrub_words(s, caller_name);
}

}  // namespace advieslijn::callbacks
