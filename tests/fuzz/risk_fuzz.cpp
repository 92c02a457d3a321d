// Fuzzes risk triage (routing/risk.hpp) with the shipped phrase lists and classifier:
// arbitrary bytes in either language never crash it, and an urgent result always names a
// category (so guidance and the urgent task know what it is about).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "routing/risk.hpp"

namespace {
const advieslijn::routing::RiskDetector& detector() {
    static const auto d = advieslijn::routing::RiskDetector::load(advieslijn::routing::RiskDetector::default_data_dir());
    return d;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (std::string_view lang : {"nl", "en"}) {
        const auto r = detector().detect(lang, text);
        if (r.any() && r.categories().empty()) __builtin_trap();
        (void)r.evidence();
        (void)r.chat_text();
    }
    return 0;
}
