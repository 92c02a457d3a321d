// Fuzzes the callback form's body as the callbacks library reads it
// (callbacks::parse_create_request): any JSON is a task or a clear error, never a crash, and
// an accepted task's number is E.164.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "callbacks/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded()) return 0;
    const auto task = advieslijn::callbacks::parse_create_request(body, "fuzz-key");
    if (task && (task->phone.empty() || task->phone.front() != '+')) __builtin_trap();
    return 0;
}
