"""The words the portal uses, each said one way: the glossary page lists them, and pages and
emails use them as written here."""

from django.shortcuts import render

WORDS = [
    (
        "Programme",
        "A mentoring scheme the organisation runs, with its own rules: who can join, "
        "how people are matched, how long mentoring lasts and what happens at the end.",
    ),
    (
        "Mentor",
        "Someone who gives their time and experience to help another member of staff "
        "learn and grow.",
    ),
    ("Mentee", "Someone who is mentored: they set the aims and lead the conversations."),
    (
        "Coordinator",
        "The person in HR or organisational development who runs a programme: "
        "they decide applications, match mentors and mentees and help when something goes wrong.",
    ),
    (
        "Line manager",
        "The person you report to. They support your taking part and see that you "
        "take part, in which programme and when: never what is said.",
    ),
    ("Sponsor", "A senior person who reads the programme's anonymised reports."),
    (
        "Application",
        "Asking to join a programme as a mentor or a mentee. Your line manager "
        "supports it, then the coordinator decides.",
    ),
    ("Relationship", "A mentor and a mentee (or a group) mentoring together in a programme."),
    ("Introduction", "The first meeting, after which either of you can say whether to carry on."),
    (
        "Agreement",
        "What the mentor and mentee agree about how they will work together: how often "
        "they meet, how they keep in touch, what stays confidential. Both of you sign it.",
    ),
    (
        "Meeting log",
        "A short record of a meeting, written by one of you and confirmed by the "
        "other. Only the people in the relationship read it.",
    ),
    ("Action", "Something one of you agreed to do, by a date."),
    ("Action plan", "The mentee's goals and the actions towards them."),
    ("Review", "A look back, part way through, at how the mentoring is going."),
    ("Concern", "Something you want the coordinator to know about, in confidence."),
    ("Private note", "A note only its writer can ever read."),
    (
        "Check-in",
        "A short message from the coordinator asking how your mentoring is going. It never "
        "asks what you talk about.",
    ),
    (
        "Coordinators' note",
        "A note a coordinator keeps about a relationship for the programme's coordinators: "
        "never for the people in it, their line managers or sponsors.",
    ),
    (
        "Summary for your line manager",
        "A few lines about the mentoring that the mentee and the "
        "mentor both agree to share with the mentee's line manager.",
    ),
    (
        "Matching",
        "How the coordinator pairs mentees with mentors: the portal proposes pairs and "
        "explains each one, and the coordinator decides.",
    ),
    ("Proposal", "A pairing the portal suggests, waiting for the coordinator to approve it."),
    ("Rematch", "Ending a relationship so that the mentee can be matched with someone else."),
    (
        "Training session",
        "A course or support group for mentors or mentees, with a number of "
        "places and a waiting list.",
    ),
    (
        "Area of development",
        "Something a mentee wants to grow in, or a mentor can help with, "
        "such as leadership or confidence.",
    ),
    (
        "Questionnaire",
        "A set of questions the coordinator writes: used as an evaluation form "
        "at the end of mentoring, or sent to many people as a survey.",
    ),
    (
        "Monitoring report",
        "Anonymised numbers about a programme. Any number small enough to "
        "point to someone is hidden.",
    ),
]


def glossary(request):
    return render(request, "glossary.html", {"words": WORDS})
