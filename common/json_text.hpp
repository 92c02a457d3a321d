#pragma once
// A JSON value as compact text: byte for byte what nlohmann's `dump()` writes, with strings
// copied in runs instead of decoded one byte at a time. Every chat answer carries an article's
// text and every queue page twenty tasks' texts; their escaping was most of the cost of turning
// a response into text (docs/benchmarks.md).
#include <string>

#include <nlohmann/json.hpp>

namespace advieslijn {

// As j.dump(): compact, keys in the object's order, non-ASCII text as UTF-8, numbers as
// nlohmann formats them. Throws nlohmann::json::type_error (316) for a string that is not
// valid UTF-8, as dump() does.
std::string json_text(const nlohmann::json& j);
void append_json_text(std::string& out, const nlohmann::json& j);

}  // namespace advieslijn
