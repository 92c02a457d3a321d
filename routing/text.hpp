#pragma once
// Text normalisation shared by risk detection and the conversation steps.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace advieslijn::routing {

// Lowercase, compatibility-normalised, accents removed ("Zoë" -> "zoe", "ﬁ" -> "fi").
// Arabic letter variants folded (أ/إ/آ -> ا, ة -> ه, ى/ی -> ي, harakat and tatweel removed),
// Arabic-Indic digits to 0-9, Arabic punctuation (؟ ، ؛) and typographic quotes („ “ ” « »)
// to their ASCII forms, so they separate words instead of sticking to them.
// Invalid UTF-8 does not throw: offending bytes become spaces, so hostile input can never
// hide a phrase from the detector or stop a conversation.
std::string fold_text(std::string_view text);

struct Token {
    std::string text;  // folded word, apostrophes removed ("don't" -> "dont")
    int clause = 0;    // increases at sentence punctuation and at clause-breaking words
    int sentence = 0;  // increases at a sentence end only: . ! ? and a line break
};

// Splits folded text into word tokens; punctuation (.,;:!?) starts a new clause, and so
// does any word in `clause_words` (the word itself is kept as a token); . ! ? and a line
// break also start a new sentence.
std::vector<Token> tokenize(std::string_view folded, const std::vector<std::string>& clause_words);

// Trims ASCII whitespace at both ends.
std::string_view trim(std::string_view s);

// Keeps at most `max_bytes` bytes without cutting a UTF-8 sequence in half.
std::string utf8_prefix(std::string_view s, std::size_t max_bytes);

// The text as one line of at most `max_bytes` bytes: every run of whitespace and control
// characters (newlines, tabs) becomes one space, the ends trimmed.
std::string one_line(std::string_view s, std::size_t max_bytes);

// The age of the child a Dutch or English question names, for the social map's services
// (-1 pregnancy .. 23): "mijn dochter van vijftien", "zoon van 8 jaar", "een vijfjarige",
// "my 15-year-old", "aged 9"; else a stage ("baby" 0, "peuter" 2, "kleuter" 4, "puber" 14,
// "zwanger" -1). Nullopt when none is named, or for a duration ("al 3 jaar", "2 jaar
// geleden"). Only a hint for which services to show, never a decision about the family.
std::optional<int> child_age(std::string_view text);

// The part of the day a key stands for when the phone or SMS asks for safe times (the widget's
// windows): '1' morning, '2' afternoon, '3' evening, anything else any time.
std::string_view window_for_key(char key);

}  // namespace advieslijn::routing
