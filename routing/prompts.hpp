#pragma once
// Every sentence the line says or sends, from one data file per language
// (routing/data/texts/<lang>.json): the phone (IVR), the chat, SMS and WhatsApp, the words a
// caller answers with, and the web widget's labels. Adding a language is adding a file (and
// articles, and risk guidance); `advieslijn texts check DIR` and start-up refuse a file that
// lacks a text, with the file and key named. Warm, short, clear: people call at night,
// worried, often with a crying child nearby.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/config.hpp"
#include "common/file_problem.hpp"

namespace advieslijn::routing {

// How Twilio speaks and hears a language.
struct TwilioLanguage {
    std::string say;     // <Say language>: "nl-NL", "arb"
    std::string voice;   // <Say voice>: "Polly.Lotte"; empty for Twilio's default
    std::string speech;  // <Gather language> for speech recognition: "ar-AE"
};

// One language's file, checked.
struct LanguageTexts {
    std::string lang;       // ISO 639-1, the file's name
    std::string name;       // in the language itself: "Türkçe"
    std::string direction;  // "ltr" or "rtl"
    TwilioLanguage twilio;
    char menu_key = 0;        // the key that chooses it in the phone menu
    std::string menu_option;  // "Türkçe için 3'e basın." in the language itself
    std::map<std::string, std::string, std::less<>> texts;  // "phone.greeting" -> template
    std::vector<std::string> quick_replies;                  // chat.quick_replies
    std::map<std::string, std::vector<std::string>, std::less<>> words;  // yes, no, call
    nlohmann::json widget;  // the widget's labels, handed to the browser as they are
};

class Prompts {
  public:
    // Reads every <lang>.json in dir. Problems (a missing or empty text, an unknown
    // placeholder, a menu key two languages share, bad JSON) are collected, not thrown.
    static Prompts load(const std::filesystem::path& dir, std::vector<FileProblem>& problems);
    // As load, but any problem throws ConfigError naming the file and key.
    static Prompts load(const std::filesystem::path& dir);
    // The texts the build shipped (routing/data/texts of the source tree).
    static std::filesystem::path default_dir();

    const LanguageTexts* find(std::string_view lang) const;
    std::vector<std::string> languages() const;  // sorted
    // Throws ConfigError when a tenant offers a language without texts.
    void require(const std::vector<Tenant>& tenants) const;

    // The language a key selects in the phone menu among the tenant's languages.
    std::optional<std::string> language_for_key(const Tenant& t, char key) const;
    // What the greeting adds for each of the tenant's other languages, each in its own
    // language and voice: {lang, "For English, press 9."}.
    std::vector<std::pair<std::string, std::string>> menu(const Tenant& t,
                                                          std::string_view current) const;
    TwilioLanguage twilio(std::string_view lang) const;
    // The caller's answer words (yes, no, call; greeting: "hoi", "ik heb een vraag") of every language: a Dutch caller may text
    // "ok", a Turkish one "evet". Folded as the routing tokenizer folds.
    bool is_word(std::string_view list, std::string_view folded) const;
    // A message that is only a greeting or "I have a question", in any language (typed as
    // people type it: folded here).
    bool is_greeting(std::string_view text) const;
    // Whether `text` begins as a follow-up to the message before (`words.follow_up`, any
    // language): "ze is 6", "en bij een baby?", "what about a toddler".
    bool opens_follow_up(std::string_view text) const;
    // The tenant's language whose own name (folded: "english", "turkce") this is.
    std::optional<std::string> language_named(const Tenant& t, std::string_view folded) const;

    // "0612345678" -> "0 6 1 2 3 4 5 6 7 8": TTS reads single digits, not "six hundred million".
    static std::string spell(std::string_view digits_or_letters);
    // "within 24 hours" / "binnen 24 uur", from the tenant's SLA.
    std::string within_normal(const Tenant& t, std::string_view lang) const;
    std::string within_urgent(const Tenant& t, std::string_view lang) const;

    // The phone.
    std::string greeting(const Tenant& t, std::string_view lang) const;
    std::string ask_question(std::string_view lang) const;
    std::string not_heard(std::string_view lang) const;
    std::string answer_intro(std::string_view lang, std::string_view title) const;
    std::string helped_keys(std::string_view lang) const;
    std::string goodbye_helped(std::string_view lang) const;
    std::string choose_intro(std::string_view lang, const std::vector<std::string>& titles) const;
    std::string no_answer(std::string_view lang) const;
    std::string callback_intro(std::string_view lang) const;
    std::string confirm_caller_number(std::string_view lang, std::string_view last_digits) const;
    std::string enter_number(std::string_view lang) const;
    std::string confirm_typed_number(std::string_view lang, std::string_view national_digits) const;
    std::string invalid_number(std::string_view lang) const;
    // The family's terms for the callback: 1 yes, 2 no; silence counts as no.
    std::string ask_voicemail(std::string_view lang) const;
    std::string ask_announce(std::string_view lang) const;
    std::string ask_window_voice(std::string_view lang) const;  // 1 morning, 2 afternoon, 3 evening
    std::string ask_weekend_voice(std::string_view lang) const;  // 1 yes, 2 not in the weekend
    std::string ask_alt_number_voice(std::string_view lang) const;  // digits then #, or # alone
    std::string ask_note_voice(std::string_view lang) const;  // spoken; a key or silence skips
    std::string task_created_voice(const Tenant& t, std::string_view lang,
                                   std::string_view reference, bool urgent) const;
    std::string task_failed_voice(std::string_view lang) const;
    std::string no_number_goodbye(std::string_view lang) const;
    std::string urgent_enter_number(std::string_view lang) const;
    // The offer to be put through after the crisis guidance; `partner` as it is read out.
    std::string transfer_offer(std::string_view lang, std::string_view partner) const;
    std::string transfer_hints(std::string_view lang) const;  // speech hints: ja, nee
    std::string on_call_partner(const Tenant& t, std::string_view lang) const;
    std::string transfer_connecting(std::string_view lang, std::string_view partner) const;
    std::string transfer_unreachable(std::string_view lang, std::string_view partner) const;
    std::string transfer_goodbye(std::string_view lang) const;
    // A technical failure (Redis unreachable, a step Twilio could not complete): no question
    // can be taken now, so the caller hears where help is and to call again.
    std::string line_unavailable_voice(std::string_view lang) const;
    // We do not know the tenant, so not its languages: Dutch, then English.
    std::vector<std::pair<std::string, std::string>> unknown_number_voice() const;

    // Chat (the web widget).
    std::string chat_greeting(const Tenant& t, std::string_view lang) const;
    std::string chat_privacy(std::string_view lang) const;
    std::vector<std::string> chat_quick_replies(std::string_view lang) const;
    std::string did_this_help(std::string_view lang) const;
    std::string choose_topic(std::string_view lang) const;
    std::string handoff_chat(const Tenant& t, std::string_view lang) const;
    // A concern's handoff (distress, not clearly acute): no "we have no answer", a specialist
    // with priority, and 112 for danger now.
    std::string concern_chat(const Tenant& t, std::string_view lang) const;
    std::string urgent_chat_prompt(std::string_view lang) const;

    // SMS and WhatsApp.
    std::string sms_answer_footer(std::string_view lang) const;
    std::string sms_choices(std::string_view lang, const std::vector<std::string>& titles) const;
    std::string sms_handoff(const Tenant& t, std::string_view lang) const;
    std::string sms_task_created(const Tenant& t, std::string_view lang,
                                 std::string_view reference, bool urgent) const;
    std::string sms_task_failed(std::string_view lang) const;
    std::string sms_thanks(std::string_view lang) const;
    std::string sms_empty(std::string_view lang) const;
    std::string sms_stopped(std::string_view lang) const;
    std::string line_unavailable_sms(std::string_view lang) const;
    std::string unknown_tenant_text() const;  // Dutch / English
    // The family's terms, asked after the task is confirmed (JA / NEE; a note or NEE).
    std::string sms_ask_voicemail(std::string_view lang) const;
    std::string sms_ask_announce(std::string_view lang) const;
    std::string sms_ask_times(std::string_view lang) const;  // 1/2/3 a part of the day, 4 no weekend
    std::string sms_ask_alt_number(std::string_view lang) const;
    std::string sms_ask_note(std::string_view lang) const;
    std::string sms_terms_saved(std::string_view lang) const;
    std::string sms_terms_failed(std::string_view lang) const;
    // What the specialist will do: leave a voicemail or not, say "CJG" or only a first name,
    // call only in the `window` (morning, afternoon, evening; "any" says nothing), not in the
    // weekend, also try the number ending in the last digits of `alt_phone`.
    struct TermsSummary {
        bool voicemail = false;
        bool announce_cjg = false;
        std::string_view window = "any";
        bool no_weekend = false;
        std::string_view alt_phone;
    };
    std::string sms_terms_summary(std::string_view lang, const TermsSummary& t) const;

  private:
    // The template of key in lang with {name} filled in; the default language's when lang
    // has no file (require() makes that impossible for a tenant's languages).
    std::string text(std::string_view lang, std::string_view key,
                     std::initializer_list<std::pair<std::string_view, std::string>> values = {}) const;
    const LanguageTexts& of(std::string_view lang) const;

    std::map<std::string, LanguageTexts, std::less<>> languages_;
    std::map<std::string, std::vector<std::string>, std::less<>> all_words_;  // folded, sorted
};

}  // namespace advieslijn::routing
