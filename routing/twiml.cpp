#include "routing/twiml.hpp"

namespace advieslijn::routing {
namespace {

// What each byte becomes: nullptr keeps it. Control characters other than tab and newlines
// are not allowed in XML 1.0 and become spaces.
struct EscapeTable {
    const char* replacement[256] = {};
    EscapeTable() {
        for (int c = 0; c < 0x20; ++c)
            if (c != '\t' && c != '\n' && c != '\r') replacement[c] = " ";
        replacement[static_cast<unsigned char>('&')] = "&amp;";
        replacement[static_cast<unsigned char>('<')] = "&lt;";
        replacement[static_cast<unsigned char>('>')] = "&gt;";
        replacement[static_cast<unsigned char>('"')] = "&quot;";
        replacement[static_cast<unsigned char>('\'')] = "&apos;";
    }
};
constexpr std::size_t npos = std::string_view::npos;

// Appends `name="value"` (with a leading space), the value escaped.
void append_attribute(std::string& out, std::string_view name, std::string_view value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_xml_escaped(out, value);
    out += '"';
}

void append_say(std::string& out, const Say& s) {
    out += "<Say";
    if (!s.voice.empty()) append_attribute(out, "voice", s.voice);
    if (!s.language.empty()) append_attribute(out, "language", s.language);
    out += '>';
    append_xml_escaped(out, s.text);
    out += "</Say>";
}

}  // namespace

void append_xml_escaped(std::string& out, std::string_view text) {
    static const EscapeTable table;
    // Runs of bytes that stay as they are are appended whole: spoken article texts are long
    // and have few characters to escape.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char* r = table.replacement[static_cast<unsigned char>(text[i])];
        if (!r) continue;
        out.append(text.data() + run, i - run);
        out += r;
        run = i + 1;
    }
    out.append(text.data() + run, text.size() - run);
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    append_xml_escaped(out, text);
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
    body_ += "<Gather";
    append_attribute(body_, "input", g.input);
    if (!g.action.empty()) {
        append_attribute(body_, "action", g.action);
        body_ += " method=\"POST\"";
    }
    if (!g.language.empty()) append_attribute(body_, "language", g.language);
    if (!g.hints.empty()) append_attribute(body_, "hints", g.hints);
    append_attribute(body_, "timeout", std::to_string(g.timeout));
    if (g.num_digits) append_attribute(body_, "numDigits", std::to_string(*g.num_digits));
    if (!g.finish_on_key.empty()) append_attribute(body_, "finishOnKey", g.finish_on_key);
    if (g.input.find("speech") != npos && !g.speech_timeout.empty())
        append_attribute(body_, "speechTimeout", g.speech_timeout);
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

Twiml& Twiml::dial(const Dial& d) {
    body_ += "<Dial";
    if (!d.caller_id.empty()) append_attribute(body_, "callerId", d.caller_id);
    if (!d.action.empty()) {
        append_attribute(body_, "action", d.action);
        body_ += " method=\"POST\"";
    }
    append_attribute(body_, "timeout", std::to_string(d.timeout));
    body_ += "><Number>";
    append_xml_escaped(body_, d.number);
    body_ += "</Number></Dial>";
    return *this;
}

Twiml& Twiml::message(std::string_view text) {
    body_ += "<Message>";
    append_xml_escaped(body_, text);
    body_ += "</Message>";
    return *this;
}

Twiml& Twiml::redirect(std::string_view url) {
    body_ += "<Redirect method=\"POST\">";
    append_xml_escaped(body_, url);
    body_ += "</Redirect>";
    return *this;
}

Twiml& Twiml::hangup() {
    body_ += "<Hangup/>";
    return *this;
}

std::string Twiml::str() const {
    constexpr std::string_view head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>";
    constexpr std::string_view tail = "</Response>";
    std::string out;
    out.reserve(head.size() + body_.size() + tail.size());
    out += head;
    out += body_;
    out += tail;
    return out;
}

}  // namespace advieslijn::routing
