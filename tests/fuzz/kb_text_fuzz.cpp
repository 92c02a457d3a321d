// Fuzzes normalisation, tokenizing, stemming and a full search with arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "knowledge-base/knowledge_base.hpp"
#include "knowledge-base/text.hpp"

namespace {

const kb::KnowledgeBase& small_set() {
    static const kb::KnowledgeBase k(
        {kb::Article{"slapen-baby", "nl", "Mijn baby slaapt niet door", {"baby 's nachts wakker"},
                     {"doorslapen"}, "Normaal.", "", "slapen", "", {}, ""},
         kb::Article{"sleep", "en", "Sleep", {"my baby wakes at night"}, {"sleep"}, "Normal.", "",
                     "", "", {}, ""}},
        kb::Synonyms::defaults());
    return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const auto& word : kb::tokenize(text)) {
        if (word.empty()) __builtin_trap();  // the tokenizer never yields empty words
        (void)kb::stem("nl", word);
        (void)kb::stem("en", word);
    }
    auto r = small_set().search(size % 2 ? "nl" : "en", text, 5);
    (void)kb::to_json(r);
    return 0;
}
