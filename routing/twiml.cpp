#include "routing/twiml.hpp"

namespace advieslijn::routing {
namespace {

void append_say(std::string& out, const Say& s) {
    out += "<Say";
    if (!s.voice.empty()) out += " voice=\"" + xml_escape(s.voice) + "\"";
    if (!s.language.empty()) out += " language=\"" + xml_escape(s.language) + "\"";
    out += ">" + xml_escape(s.text) + "</Say>";
}

}  // namespace

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            default:
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    out.push_back(' ');
                else
                    out.push_back(ch);
        }
    }
    return out;
}

Twiml& Twiml::say(Say s) {
    append_say(body_, s);
    return *this;
}

Twiml& Twiml::pause(int seconds) {
    body_ += "<Pause length=\"" + std::to_string(seconds) + "\"/>";
    return *this;
}

Twiml& Twiml::gather(const Gather& g) {
    body_ += "<Gather input=\"" + xml_escape(g.input) + "\"";
    if (!g.action.empty()) body_ += " action=\"" + xml_escape(g.action) + "\" method=\"POST\"";
    if (!g.language.empty()) body_ += " language=\"" + xml_escape(g.language) + "\"";
    if (!g.hints.empty()) body_ += " hints=\"" + xml_escape(g.hints) + "\"";
    body_ += " timeout=\"" + std::to_string(g.timeout) + "\"";
    if (g.num_digits) body_ += " numDigits=\"" + std::to_string(*g.num_digits) + "\"";
    if (!g.finish_on_key.empty()) body_ += " finishOnKey=\"" + xml_escape(g.finish_on_key) + "\"";
    if (g.input.find("speech") != std::string::npos && !g.speech_timeout.empty())
        body_ += " speechTimeout=\"" + xml_escape(g.speech_timeout) + "\"";
    body_ += ">";
    for (const auto& child : g.children) {
        if (const auto* s = std::get_if<Say>(&child))
            append_say(body_, *s);
        else
            body_ += "<Pause length=\"" + std::to_string(std::get<Pause>(child).seconds) + "\"/>";
    }
    body_ += "</Gather>";
    return *this;
}

Twiml& Twiml::message(std::string_view text) {
    body_ += "<Message>" + xml_escape(text) + "</Message>";
    return *this;
}

Twiml& Twiml::redirect(std::string_view url) {
    body_ += "<Redirect method=\"POST\">" + xml_escape(url) + "</Redirect>";
    return *this;
}

Twiml& Twiml::hangup() {
    body_ += "<Hangup/>";
    return *this;
}

std::string Twiml::str() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + body_ + "</Response>";
}

}  // namespace advieslijn::routing
