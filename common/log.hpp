#pragma once
#include <string>
#include <string_view>

namespace advieslijn {

enum class LogFormat { text, json };

// Sets up the default spdlog logger: human-readable text or one JSON object per line.
void setup_logging(LogFormat format, std::string_view level);

// Masks a phone number for logs: "+31612345678" -> "+31 6 ****5678". Keeps the country
// code, the first digit of the subscriber number and the last four digits; anything
// that does not look like a number is masked entirely.
std::string mask_phone(std::string_view number);

// Masks every run of 7 or more digits (optionally with a leading '+', spaces or dashes
// between) in free text, for log lines that may carry a number the caller typed.
std::string mask_phones_in_text(std::string_view text);

// Escapes a string for use inside a JSON string literal (for JSON log lines).
std::string json_escape(std::string_view s);

}  // namespace advieslijn
