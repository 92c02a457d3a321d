// Fuzzes the config loader (common/config.hpp) and the Redis URL parser with arbitrary text:
// bad input is a ConfigError (or std::invalid_argument for a URL) naming the problem, never
// a crash or another exception, which libFuzzer reports as a finding.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/config.hpp"
#include "common/redis_url.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        (void)advieslijn::parse_redis_url(text);
    } catch (const std::invalid_argument&) {
    }
    try {
        (void)advieslijn::parse_config(text, "fuzz.json", "/nonexistent",
                                       [](const std::string&) { return std::optional<std::string>(); });
    } catch (const advieslijn::ConfigError& e) {
        if (std::string(e.what()).rfind("fuzz.json", 0) != 0) __builtin_trap();  // names the file
    }
    return 0;
}
