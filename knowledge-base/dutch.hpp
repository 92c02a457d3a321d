#pragma once

// Dutch as parents type and say it (internal to the knowledge base): clauses, separable verbs
// ("slaapt ... door" is doorslapen) and number words. Pure functions over folded words.

#include <string>
#include <string_view>
#include <vector>

namespace kb::dutch {

// Splits text into clauses of folded words (tokenize), at clause punctuation and at the
// conjunctions that start a new clause ("en", "maar", "omdat", ...). The words of all clauses
// together are tokenize(text). Only the first max_bytes of text are read.
std::vector<std::vector<std::string>> clauses(std::string_view text, std::size_t max_bytes);

// A separable particle (door, terug, op, in, uit, over, aan, af, mee, weg, thuis, ...): its
// number, or -1; particle(n) gives it back.
int particle_index(std::string_view word);
std::string_view particle(int index);
int particle_count();

// The present-tense stems an infinitive can show ("slapen" -> slap, slaap; "geven" -> gev,
// geev, geef; "vallen" -> vall, val; "gaan" -> gaa, as "gaat" minus t). Empty if word does not look like one.
std::vector<std::string> infinitive_stems(std::string_view word);

// The stem with the long vowel written double that a word in -en implies: "slapen" -> slaap,
// "problemen" -> probleem, "geven" -> geef; empty when the syllable is not open.
std::string long_vowel_stem(std::string_view word);

// Stems a verb form in a clause may stand for: "slaapt" -> slaapt, slaap. With infinitive,
// also the stems of an infinitive ("kan niet door slapen"): only right after the particle,
// because Dutch separates a particle from a finite verb, never from "te slapen in".
// Compared with infinitive_stems of the compound's rest.
std::vector<std::string> form_stems(std::string_view word, bool infinitive);

// The word a diminutive is made from ("tandjes" -> tand, "zoontje" -> zoon, "balletje" -> bal,
// "bloempje" -> bloem, "potje" -> pot), or empty when word does not look like one. Spelling
// alone cannot always tell -tje from a stem in t plus -je ("kaartje" reads as kaar): such a
// base matches nothing, which costs only the match the rule was for.
std::string diminutive_base(std::string_view word);

// Written-out numbers up to twenty, Dutch and English ("vijftien", "fifteen"), and digits up to 25: mostly an
// age or a count ("mijn dochter van vijftien"), seldom what the question is about.
bool is_small_number(std::string_view word);

}  // namespace kb::dutch
