// Fuzzes the phone-number parser (common/phone.hpp) with arbitrary bytes: it never crashes,
// and what it accepts is E.164 that parses again to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/phone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto use : {advieslijn::PhoneUse::callback, advieslijn::PhoneUse::dialed}) {
        const auto parsed = advieslijn::parse_phone(text, use);
        if (!parsed) continue;
        const std::string& e164 = parsed.e164();
        if (e164.size() < 2 || e164.front() != '+' || e164.size() > 16) __builtin_trap();
        for (char c : std::string_view(e164).substr(1))
            if (c < '0' || c > '9') __builtin_trap();
        const auto again = advieslijn::parse_phone(e164, use);
        if (!again || again.e164() != e164) __builtin_trap();
        (void)advieslijn::mentions_phone(text, e164);
    }
    return 0;
}
