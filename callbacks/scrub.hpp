#pragma once
// Removes personal data from a caller's text before it is kept beyond the task's own life
// (the missed risk signals editors learn from, the knowledge-gap report). Pure; tested in
// tests/callbacks/scrub_test.cpp.
#include <string>
#include <string_view>

namespace advieslijn::callbacks {

// Replaces, in this order:
//   e-mail addresses                                → [email]
//   phone numbers: +31/0031/06/0800/0900 forms and any run of 9+ digits with spaces, dashes,
//   dots, slashes or parentheses between them       → [phone]
//   Dutch postcodes ("1234 AB", "1234ab")            → [postcode]
//   a street name (…straat, …laan, …weg, …) with its house number → [address]
//   the words following "ik heet", "mijn naam is", "my name is", "I'm called" → [name]
//   a capitalised word (not an abbreviation such as ADHD) right after "ik ben", "heet", "met",
//   "mijn/onze zoon, dochter, kind, baby, man, vrouw, …", "I am", "my son, …" → [name]
//   every word of `caller_name` (the name on the task) → [name]
// Words compare case-insensitively for ASCII letters. Over-removal is the safe side.
std::string scrub_personal_data(std::string_view text, std::string_view caller_name = {});

}  // namespace advieslijn::callbacks
