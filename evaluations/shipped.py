"""The questionnaires that come with the product, as each seed policy sets them out (EVAL-1).

Plain data: a coordinator copies one into a programme and changes the copy as they like. Every
question carries `source`, a quotation from its seed that it comes from; the tests check each
one against the seed file.
"""

QUALITY = ["Poor", "Fair", "Good", "Very good", "Excellent"]
CLARITY = ["Not at all clear", "Not very clear", "Fairly clear", "Clear", "Very clear"]
EXTENT = ["Not at all", "A little", "Partly", "Mostly", "Completely"]
EFFECTIVENESS = [
    "Not effective",
    "Slightly effective",
    "Moderately effective",
    "Very effective",
    "Extremely effective",
]
SUCCESS = [
    "Not successful",
    "Slightly successful",
    "Moderately successful",
    "Very successful",
    "Extremely successful",
]


def _written(text, source=None, **more):
    return {"text": text, "kind": "text", "source": source or text, **more}


def _yes_no(text, source=None):
    return {"text": text, "kind": "yes_no", "source": source or text}


def _rating(text, labels, source=None):
    return {"text": text, "kind": "rating", "choices": labels, "source": source or text}


# 000 "Example: Mentoring Evaluation Form": the same six questions for each party, but for 5.
WEST_SUFFOLK_MENTOR = [
    "What development needs were agreed at the start of the programme for the Mentee and how "
    "have these been addressed?",
    "What actions did the Mentee take to ensure his/her learning and development during the "
    "period of the mentoring contract and how effective were these?",
    "What went well in the partnership?",
    "What could have been improved in the partnership?",
    "What further development does the Mentee require and how should this be addressed?",
    "What personal learning and development have you taken from this experience and how will "
    "you use this in the future?",
]
WEST_SUFFOLK_MENTEE = [
    "What development needs were agreed at the start of the programme with the Mentor and how "
    "have these been addressed?",
    "What actions did the Mentor take to ensure your learning and development during the "
    "period of the mentoring contract and how effective were these?",
    "What went well in the partnership?",
    "What could have been improved in the partnership?",
    "What changes should the Mentor make to ensure the success of future mentoring partnerships?",
    "What personal learning and development have you taken from this experience and how will "
    "you use this in the future?",
]

# 000 §10.2: all parties are consulted for feedback on the process, the line manager too; the
# mentor's part with the line manager is the other thing a manager sees of it (§4).
WEST_SUFFOLK_LINE_MANAGER = [
    _written(
        "What feedback do you have on the mentoring process?",
        "All parties involved in the mediation will be consulted for feedback on the process.",
    ),
    _written(
        "How did the mentor liaise with you over the mentee's personal development plan, and "
        "did it help to take the plan forward?",
        "liaise with the line manager over the mentee's personal development plan and find ways "
        "of helping to take this forward",
        required=False,
    ),
]

# 002 Resource 6, in its order: ratings for "how would you rate/describe", yes or no for
# "would you/did/do you/were", written answers for 14 to 16.
SSSC_MENTORS = [
    _rating("How would you rate the mentoring programme?", QUALITY),
    _rating(
        "How would you describe the quality of your experience as a participant in the programme?",
        QUALITY,
    ),
    _yes_no("Would you volunteer to serve as a mentor again in the future?"),
    _yes_no("Did the mentor training session help you prepare for your mentoring experience?"),
    _yes_no("Would you have liked additional training?"),
    _rating("How clearly defined were your mentor responsibilities?", CLARITY),
    _yes_no(
        "Were the mentor programme co-ordinators accessible and easy to talk to and seek advice "
        "from when necessary?"
    ),
    _rating("How would you describe your relationship with your mentee?", QUALITY),
    _yes_no("Do you think that the time you spent with your mentee was sufficient?"),
    _yes_no("Do you think that the time you spent together was helpful for your mentee?"),
    _yes_no("Did you gain personally from this relationship?"),
    _yes_no("Would you have preferred to meet less often with your mentee?"),
    _yes_no("Would you have preferred to meet more often with your mentee?"),
    _written("What was most satisfying about the mentor programme?"),
    _written("What was least satisfying about the mentor programme?"),
    _written("What would you suggest to improve the mentor programme?"),
]

# 003 names an "End of mentoring review form" but does not print it: these questions follow
# what §4.5 says a review covers and what §4.6 says the end review is for.
CLEVELAND_BOTH = [
    _rating(
        "How far has mentoring helped the mentee to address the areas of technical, personal "
        "or professional development identified at the start?",
        EXTENT,
        "Whether the mentoring process is helping the mentee to address identified areas of "
        "technical, personal or professional development",
    ),
    _rating(
        "How much of the action or development plan has been achieved?",
        EXTENT,
        "The progress of action/development plans",
    ),
    _written(
        "What has been achieved? Note what you would like to celebrate.",
        "celebrate what has been achieved",
    ),
    _yes_no(
        "Did the regularity and length of your meetings work well?",
        "regularity of meetings, length of meetings",
    ),
    _written(
        "Were there practical issues that got in the way? If so, what were they?",
        "whether there are any practical issues that need addressing",
        required=False,
    ),
    {
        "text": "If the relationship was unsatisfactory at any point, were you able to discuss "
        "it frankly and find solutions?",
        "kind": "single",
        "choices": ["It was never unsatisfactory", "Yes", "Partly", "No"],
        "source": "a frank and honest discussion should take place to identify solutions",
    },
    _rating(
        "How effective was the mentoring relationship?",
        EFFECTIVENESS,
        "evaluate the effectiveness of the relationship",
    ),
    _written(
        "What made the relationship effective, and what would have made it more effective?",
        "evaluate the effectiveness of the relationship",
    ),
]
CLEVELAND_MENTEE = [
    _yes_no(
        "Would you like to continue being mentored, with a new mentor?",
        "the mentee wishes to continue being mentored",
    ),
]

# 004 "The Benefits of Mentoring": the table's three columns, word for word.
NHS_ORGANISATION_BENEFITS = [
    "Enhanced employee value proposition (additional benefit to potential recruits)",
    "Improved motivation and performance",
    "Accelerated development and retention of talent",
    "Enhanced knowledge transfer",
    "Positive role modelling of values and behaviours",
    "Provides a platform to discuss employees' career goals",
]
NHS_MENTOR_BENEFITS = [
    "Improved job satisfaction",
    "Increased peer recognition",
    "Broadening perspectives",
    "Expanded networks",
    "Opportunity to use and enhance skills and abilities",
    "Demonstrate leadership",
]
NHS_MENTEE_BENEFITS = [
    "Enhanced induction experience for new recruits and people moving roles",
    "Improved self confidence and commitment to the organisation",
    "Learning opportunities through on the job training",
    "Expanded networks and knowledge",
    "Development of knowledge, skills and abilities",
    "On-going career development",
]


def _benefits(text, choices):
    return {
        "text": text,
        "kind": "multiple",
        "choices": choices,
        "required": False,
        "help_text": "Tick any that apply.",
        "source": "The Benefits of Mentoring",
    }


NHS_SERVICE = [
    _rating(
        "How successful has the mentoring service been for you?",
        SUCCESS,
        "evaluate the success of the mentoring service",
    ),
    _benefits(
        "Which of these benefits to the organisation have you seen from mentoring?",
        NHS_ORGANISATION_BENEFITS,
    ),
    _written(
        "What good practice should the service keep and share?",
        "develop good practice",
        required=False,
    ),
    _written(
        "What improvements would you make to the service?", "make improvements to the service"
    ),
]

# 004 "Ending the relationship", the contract's Section 1 and "Evaluation of the Service":
# asked of both people when a relationship ends, as well as the annual survey.
BALANCE = ["Too much support", "About right", "Too much challenge"]
NHS_END = [
    _rating(
        "How far did the relationship achieve its objective?",
        EXTENT,
        "If the relationship has achieved its objective",
    ),
    _rating(
        "How far did you get the outcomes you expected?",
        EXTENT,
        "What deliverables/outcomes you expect",
    ),
    _yes_no(
        "Did you get the kind of assistance you wanted from each other?",
        "What type of assistance do you want from each other?",
    ),
    {
        "text": "How was the balance of challenge and support?",
        "kind": "single",
        "choices": BALANCE,
        "source": "Check the balance of challenge and support.",
    },
    _written(
        "Had the relationship served its purpose when it ended? What told you so?",
        "served its purpose",
        required=False,
    ),
    _rating(
        "How successful has the mentoring service been for you?",
        SUCCESS,
        "evaluate the success of the mentoring service",
    ),
    _written(
        "What improvements would you make to the service?",
        "make improvements to the service",
        required=False,
    ),
]

SHIPPED = {
    "000": {
        "seed": "000",
        "title": "Mentoring evaluation form",
        "introduction": "Both parties should complete their section and sign the form when "
        "they have agreed on its content.",
        "use": "end",
        "both_confirm": True,
        "sections": [
            {
                "title": "Section A - to be completed by the Mentor",
                "addressed_to": "mentor",
                "questions": [_written(text) for text in WEST_SUFFOLK_MENTOR],
            },
            {
                "title": "Section B - to be completed by the Mentee",
                "addressed_to": "mentee",
                "questions": [_written(text) for text in WEST_SUFFOLK_MENTEE],
            },
            {
                "title": "For the mentee's line manager",
                "addressed_to": "manager",
                "questions": WEST_SUFFOLK_LINE_MANAGER,
            },
        ],
    },
    "002": {
        "seed": "002",
        "title": "Mentor programme evaluation",
        "introduction": "We would like to have your opinion of the mentor programme so that we "
        "may evaluate and strengthen our programme for the future.",
        "use": "end",
        "both_confirm": False,
        "sections": [
            {
                "title": "Your opinion of the mentor programme",
                "addressed_to": "mentor",
                "questions": SSSC_MENTORS,
            },
        ],
    },
    "003": {
        "seed": "003",
        "title": "End of mentoring review",
        "introduction": "At the end of the mentoring period, it is valuable to both mentee and "
        "mentor to review the relationship and celebrate what has been achieved as well as "
        "evaluate the effectiveness of the relationship.",
        "use": "end",
        "both_confirm": False,
        "sections": [
            {
                "title": "Reviewing the relationship",
                "addressed_to": "both",
                "questions": CLEVELAND_BOTH,
            },
            {"title": "What next", "addressed_to": "mentee", "questions": CLEVELAND_MENTEE},
        ],
    },
    "004": {
        "seed": "004",
        "title": "Annual service evaluation",
        "introduction": "At the end of a mentoring relationship and annually the organisation "
        "will evaluate the success of the mentoring service. Information gained from this "
        "exercise will be used to develop good practice and make improvements to the service.",
        "use": "survey",
        "both_confirm": False,
        "sections": [
            {"title": "The mentoring service", "addressed_to": "both", "questions": NHS_SERVICE},
            {
                "title": "Benefits to you as a mentor",
                "addressed_to": "mentor",
                "questions": [
                    _benefits(
                        "Which of these benefits have you gained from mentoring?",
                        NHS_MENTOR_BENEFITS,
                    )
                ],
            },
            {
                "title": "Benefits to you as a mentee",
                "addressed_to": "mentee",
                "questions": [
                    _benefits(
                        "Which of these benefits have you gained from being mentored?",
                        NHS_MENTEE_BENEFITS,
                    )
                ],
            },
        ],
    },
}

SHIPPED["004-end"] = {
    "seed": "004",
    "title": "End of relationship evaluation",
    "introduction": "At the end of a mentoring relationship and annually the organisation "
    "will evaluate the success of the mentoring service. Information gained from this "
    "exercise will be used to develop good practice and make improvements to the service.",
    "use": "end",
    "both_confirm": False,
    "sections": [
        {"title": "Your mentoring relationship", "addressed_to": "both", "questions": NHS_END},
        *SHIPPED["004"]["sections"][1:],  # the benefits to each, as the annual survey asks
    ],
}


def shipped_for_seed(seed):
    """The keys of the templates a programme made from `seed`'s preset starts with."""
    return [key for key, template in SHIPPED.items() if template["seed"] == seed]
