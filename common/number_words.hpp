#pragma once
// Numbers written as words in Dutch and English, as parents type and speech recognition
// writes them ("mijn dochter van vijftien", "twelve"). One table for every reader: the
// knowledge base (a number is seldom what a question is about) and the child's age.

#include <optional>
#include <string_view>

namespace advieslijn {

// The value of a folded number word from one to twenty-three ("een" .. "drieentwintig",
// "one" .. "twenty"), or nullopt. Digits are not words: callers read those themselves.
std::optional<int> number_word_value(std::string_view folded);

}  // namespace advieslijn
