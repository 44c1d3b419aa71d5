#include "notify/mime.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"

namespace tandem::notify {
namespace {

MailMessage Sample() {
  MailMessage m;
  m.from = {"Hematology Fellows", "program@tandem.test"};
  m.to = {"José Núñez", "jose@x.test"};
  m.reply_to = {"", "coordinator@tandem.test"};
  m.subject = "Réunion with Dr. Ana Ruiz: Tue 12 Jan 2027";
  m.text =
      "Hello José,\n\nOpen https://tandem.test/pairs/7. A long line: " + std::string(100, 'x') +
      " end \nBye=now";
  m.calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n";
  m.calendar_method = "REQUEST";
  m.message_id = NewMessageId("tandem.test", *ParseUtc("2027-01-05T10:00:00Z"));
  m.date = *ParseUtc("2027-01-05T10:00:00Z");
  return m;
}

TEST(ComposeMail, HeadersPartsAndLineLengths) {
  const std::string mail = ComposeMail(Sample());
  for (const char* expected :
       {"Date: Tue, 05 Jan 2027 10:00:00 +0000\r\n",
        "From: \"Hematology Fellows\" <program@tandem.test>\r\n", "To: =?UTF-8?B?",
        "Reply-To: coordinator@tandem.test\r\n", "Subject: =?UTF-8?B?", "MIME-Version: 1.0\r\n",
        "Content-Type: multipart/alternative;\r\n boundary=",
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable",
        "Content-Type: text/html; charset=utf-8",
        "Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: "
        "base64"}) {
    EXPECT_NE(mail.find(expected), std::string::npos) << expected << "\n" << mail;
  }
  EXPECT_NE(mail.find("Message-ID: <"), std::string::npos);
  EXPECT_NE(mail.find("@tandem.test>\r\n"), std::string::npos);
  std::istringstream in(mail);
  for (std::string line; std::getline(in, line);) {
    ASSERT_FALSE(line.empty()) << "a bare LF";
    EXPECT_EQ(line.back(), '\r') << line;
    EXPECT_LE(line.size(), 79u) << line;  // 78 and the CR
  }
  // "=" in the text is encoded, the link is clickable in the HTML part.
  EXPECT_NE(mail.find("Bye=3Dnow"), std::string::npos);
  EXPECT_NE(mail.find("href=3D\"https://tandem.test/pairs/7\""), std::string::npos);
}

TEST(ComposeMail, HeaderTextAndAddresses) {
  EXPECT_EQ(EncodeHeaderText("Plain subject"), "Plain subject");
  EXPECT_EQ(EncodeHeaderText("Réunion"), "=?UTF-8?B?UsOpdW5pb24=?=");
  EXPECT_EQ(EncodeHeaderText("two\r\nlines"), "two  lines");  // no header injection
  EXPECT_EQ(FormatAddress({"Ana \"A\" Ruiz", "ana@x.test"}), "\"Ana \\\"A\\\" Ruiz\" <ana@x.test>");
  const MailAddress a = ParseAddress("Hematology Fellows <program@tandem.test>", "mail-from");
  EXPECT_EQ(a.name, "Hematology Fellows");
  EXPECT_EQ(a.address, "program@tandem.test");
  EXPECT_EQ(ParseAddress("program@tandem.test", "mail-from").name, "");
  for (const char* bad : {"", "program", "@x", "a b@x", "Name <>"}) {
    try {
      ParseAddress(bad, "mail-from");
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "mail-from");
    }
  }
  EXPECT_NE(NewMessageId("h", {}), NewMessageId("h", {}));
}

TEST(TextToHtml, EscapesAndLinks) {
  EXPECT_EQ(TextToHtml("<b>&</b>\nnext\n\nhttps://x.test/a?b=1&c=2."),
            "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">\n"
            "<p>&lt;b&gt;&amp;&lt;/b&gt;<br>\nnext</p>\n<p><a "
            "href=\"https://x.test/a?b=1&amp;c=2\">https://x.test/a?b=1&amp;c=2</a>.</p>\n"
            "</body></html>\n");
}

}  // namespace
}  // namespace tandem::notify
