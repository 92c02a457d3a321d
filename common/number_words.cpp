#include "common/number_words.hpp"

#include <array>
#include <utility>

namespace advieslijn {

std::optional<int> number_word_value(std::string_view w) {
    static constexpr std::array<std::pair<std::string_view, int>, 43> words = {{
        {"een", 1}, {"twee", 2}, {"drie", 3}, {"vier", 4}, {"vijf", 5}, {"zes", 6}, {"zeven", 7},
        {"acht", 8}, {"negen", 9}, {"tien", 10}, {"elf", 11}, {"twaalf", 12}, {"dertien", 13},
        {"veertien", 14}, {"vijftien", 15}, {"zestien", 16}, {"zeventien", 17}, {"achttien", 18},
        {"negentien", 19}, {"twintig", 20}, {"eenentwintig", 21}, {"tweeentwintig", 22},
        {"drieentwintig", 23}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
        {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11},
        {"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
        {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}}};
    for (const auto& [word, n] : words)
        if (w == word) return n;
    return std::nullopt;
}

}  // namespace advieslijn
