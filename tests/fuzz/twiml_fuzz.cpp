// Fuzzes XML escaping (routing/twiml.hpp): whatever a caller says or types, the escaped text
// holds no markup character, so it can never open an element or an attribute in TwiML.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "routing/twiml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string out = advieslijn::routing::xml_escape(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'') __builtin_trap();
        if (c == '&' && out.find(';', i) == std::string::npos) __builtin_trap();
    }
    std::string appended = "x";
    advieslijn::routing::append_xml_escaped(appended, text);
    if (appended != "x" + out) __builtin_trap();
    return 0;
}
