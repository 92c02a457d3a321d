#pragma once

// Text normalisation shared by indexing and querying, so both sides agree on what a word is.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Bytes of input looked at per text; longer input is cut (at a character boundary) so a
// 100 KB paste costs no more than a long question.
inline constexpr std::size_t max_text_bytes = 4096;

// Splits text into folded words: Unicode case folding, accents and ligatures folded
// (utf8proc), punctuation as separators, letters and digits split ("4maanden" -> 4 maanden),
// contractions resolved ("'s nachts" -> nachts, "'t" -> het, "baby's" -> baby).
// Invalid UTF-8 bytes act as separators. One-letter words are dropped, digits kept.
std::vector<std::string> tokenize(std::string_view text, std::size_t max_bytes = max_text_bytes);

// Snowball stem for a folded word; the word itself for languages libstemmer lacks.
// Safe to call from any thread (one stemmer per thread and language).
std::string stem(std::string_view lang, std::string_view word);

// True for the shipped stop words of lang (folded form).
bool is_stop_word(std::string_view lang, std::string_view word);

// Optimal-string-alignment distance capped at 2 (enough to decide "at most one typo").
int edit_distance_capped(std::string_view a, std::string_view b);

// Optimal-string-alignment distance if it is at most max, else max + 1 (banded, stops early).
int edit_distance_within(std::string_view a, std::string_view b, int max);

}  // namespace kb
