"""Programme rules and policy records as each seed policy sets them (PRG-3, PRG-4).

Every value cites where its seed says so; where a seed is silent the rule is left empty (or at
its plain default: one mentee per mentor, no gate) for the coordinator to decide.
"""

from datetime import date

ONE_TO_ONE, REVERSE, RECIPROCAL = "one_to_one", "reverse", "reciprocal"
COORDINATOR, DIRECTORY = "coordinator", "directory"

WEST_SUFFOLK_POLICY = {
    "title": "Mentoring Policy",
    "version": "",
    "owner": "Human Resources",  # 000 §11.1
    "revisions": [  # 000 §12
        {
            "version": "",
            "revised_on": date(2016, 3, 1),
            "reason": "Drafted",
            "author": "Vikki Abbott",
        },
    ],
}
FUN_FOUNDATIONS_POLICY = {
    "title": "Mentoring Policy and Procedure",
    "version": "",
    "owner": "A. Ferguson",
    "approved_on": date(2016, 3, 10),
    "next_review_on": date(2018, 4, 1),  # review table: "April 2018"
    "revisions": [
        {
            "version": "",
            "revised_on": date(2016, 3, 10),
            "reason": "Introduction of new policy",
            "author": "A. Ferguson",
        },
        {
            "version": "",
            "revised_on": date(2017, 4, 5),
            "reason": "Reviewed: no changes made",
            "author": "A. Ferguson",
        },
    ],
}
SSSC_POLICY = {
    "title": "Peer mentoring guidance",
    "version": "2014",  # "© Scottish Social Services Council 2014"; no version table
    "owner": "Scottish Social Services Council",
}
CLEVELAND_REVISIONS = [  # 003 §9; the authors are redacted in the published policy
    ("0.1", date(2011, 9, 1), "New Policy"),
    ("0.2", date(2011, 10, 1), "Policy revised following consultation"),
    ("1.0", date(2011, 10, 1), "Version approved at SDG"),
    ("1.1", date(2012, 11, 1), "Policy amended to reflect introduction of PCC, statement only"),
    (
        "1.2",
        date(2015, 2, 1),
        "Minor amendments made to current policy to reflect organisational structure",
    ),
    (
        "1.3",
        date(2016, 11, 15),
        "Policy amended to reflect Everyone Matters programme and revised "
        "scheme, and force move to electronic forms",
    ),
    (
        "2.0",
        date(2017, 2, 1),
        "Policy approved at Management Board 4/1 and published on SharePoint",
    ),
    ("2.1", date(2017, 2, 1), "Policy amended to reflect force move to electronic forms"),
    (
        "2.2",
        date(2018, 12, 1),
        "Policy amended to reduce document size and make more user friendly",
    ),
    ("2.3", date(2020, 2, 1), "Change of owner dept. name"),
    ("2.4", date(2020, 4, 1), "Addition of COVID 19 message"),
    (
        "2.5",
        date(2021, 3, 1),
        "New mentoring process being developed, review extended until new "
        "process come into action.",
    ),
    (
        "2.6",
        date(2021, 4, 1),
        "Policy amended to reflect the revised scheme authorised in the PWB on 18th March 2021",
    ),
    (
        "2.7",
        date(2022, 3, 1),
        "Policy amended for yearly review purposes and to add in Reverse "
        "Mentoring. Change name of policy to Mentoring Programme. Slight tweaks to wording and "
        "formatting.",
    ),
]
CLEVELAND_POLICY = {  # 003 cover table
    "title": "Mentoring Programme Policy",
    "version": "2.7",
    "owner": "Head of HR",
    "approved_on": date(2017, 1, 4),
    "next_review_on": date(2025, 4, 1),
    "revisions": [
        {"version": v, "revised_on": d, "reason": r, "author": "(redacted in the published policy)"}
        for v, d, r in CLEVELAND_REVISIONS
    ],
}
NHS_POLICY = {
    "title": "A Guide to Mentoring",
    "version": "",
    "owner": "Head of People and Organisation Development (Midlands and East)",
}
# 000 §4.1, §5.1 (the contract's §2 and §3 repeat them): one duty a line.
WEST_SUFFOLK_AGREEMENT = {
    "agreement_expectations": (
        "Both the mentor and the mentee will enter the partnership in an open and honest way, "
        "share information, viewpoints and feelings constructively, and provide feedback as "
        "appropriate. At no time will the mentor intrude into private and confidential issues "
        "without permission from the mentee."
    ),  # 000 contract §1
    "agreement_mentor_role": "\n".join(
        [
            "establish and agree a mentoring contract between the parties in terms of regular "
            "meetings, feedback, timescales, action plan and resources required",
            "encourage regular meetings with the mentee and oversee their progress against the "
            "agreed timetable",
            "liaise with the line manager over the mentee's personal development plan and find "
            "ways of helping to take this forward",
            "encourage networking on the part of the mentee to progress their career as "
            "appropriate",
            "help to evaluate the overall mentoring process and its outcomes",
            "take responsibility for the mentor/mentee relationship and its success within the "
            "scheme",
        ]
    ),
    "agreement_mentee_role": "\n".join(
        [
            "initiate regular meetings with the mentor within an agreed time frame",
            "evaluate their current and future contribution and agree relevant courses of "
            "action to ensure the continuation of progress",
            "liaise with the mentor about any alterations required to the personal development "
            "plan",
            "monitor the progress of their personal development plan and deal with any problems "
            "or issues arising from it",
            "take responsibility for the mentor/mentee relationship and its success within the "
            "scheme",
        ]
    ),
    "agreement_confidentiality": (
        "Confidentiality must be maintained by both parties at all times. Where the line "
        "manager and/or Human Resources are involved in any issue, there may be a requirement "
        "to include these individuals in the discussion."
    ),  # 000 contract §1, §9.1
    "agreement_feedback": (
        "Both the mentor and the mentee will provide feedback to each other on a regular basis "
        "to ensure that each party knows and understands what progress is being made. This "
        "feedback will usually be given verbally, but may on occasion be in writing."
    ),  # 000 contract §4
}
# 004 Annex A, the contract's four sections (Section 2 is the meeting clauses), and the roles
# as the guide gives them.
NHS_AGREEMENT = {
    "agreement_expectations": "\n".join(
        [
            "What type of assistance do you want from each other?",
            "What deliverables/outcomes you expect",
            "How you will measure each other's success",
            "What are your personal values?",
            "What expectations do have of each other?",
        ]
    ),  # Section 1 - Expectations
    "agreement_mentor_role": "\n".join(
        [
            "Help mentees manage their learning and career development",
            "Challenge and support mentees to consider opportunities and challenges",
            "Ask probing and stimulating questions to identify personal strengths and weaknesses",
            "Help mentees believe in themselves and boost confidence",
            "Talk about the big picture and provide guidance that mentees may otherwise not "
            "consider",
            "Provide clarity and answer questions where requested",
            "Share personal stories and learning",
            "Act as a sounding board when mentees have major decisions to make and need to talk "
            "them through",
            "Act as a gateway to other people and knowledge",
        ]
    ),  # "Your role as a mentor"
    "agreement_mentee_role": "\n".join(
        [
            "Be proactive",
            "Identify what you would like to achieve through mentoring",
            "Be specific about your needs and what you would like your mentor to provide",
            "Respect the mentoring contract",
            "Take the initiative in organising meetings and agreeing agendas",
            "Be receptive to feedback",
            "Accept responsibility for your development and progression",
            "Keep in touch with your mentor",
            "Contribute to the on-going evaluation of the mentoring programme",
            "Agree responsibility for scheduling meetings and recording actions. It is expected "
            "that this responsibility will rest with the mentee",  # Section 2
        ]
    ),  # "Mentee expectations"
    "agreement_ground_rules": "\n".join(
        [
            "What are the ground rules for your discussions? E.g. confidentiality, openness, "
            "candour, truthfulness, level of challenge and support etc.",
            "If problems arise how will they be resolved?",
            "How will we keep in touch in between meetings?",
            "How will we know when the mentoring relationship has served its purpose and needs "
            "to be terminated?",
        ]
    ),  # Section 3 – Ways of Working / Ground Rules
    "agreement_next_steps": "\n".join(
        [
            "Are there any current concerns that need to be resolved?",
            "What will we focus on at our initial meeting if we decide to go ahead?",
            "Are there any additional areas/issues to discuss?",
            "Mentor to discuss and provide a copy of EMCC Code of Ethics (available on the "
            "intranet) to the mentee",
        ]
    ),  # Section 4 – Next steps
}
NHS_CADENCE = {
    "meeting_interval_weeks": 13,  # 004: "make contact on a quarterly basis as a minimum"
    "in_person_meetings_per_year": 1,  # 004: "at least one meeting a year is in person"
    "review_interval_months": 6,  # 004 Annex A: "Review the contract on a six monthly basis"
}

PRESETS = {
    "west-suffolk": {
        "name": "Matched one-to-one with training",
        "source": "West Suffolk councils' mentoring policy",
        "seed": "000",
        "summary": "One-to-one, matched by the line manager, HR and the mentee; mandatory "
        "training for both; six to twelve months.",
        "rules": {
            "mentoring_model": ONE_TO_ONE,  # 000 contract §1: "the mentee" and "the mentor"
            "matching_mode": COORDINATOR,  # 000 §3.2: line manager, HR and mentee discuss
            "mentee_manager_approval": True,  # 000 §3.1: eligibility rests with the manager
            "mentor_manager_approval": False,  # 000: silent
            "manager_asked_about_mentor": True,  # 000 §3.2: they "discuss the choice of mentor"
            "mentor_training_required": True,  # 000 §3.2, §6.1: training is mandatory
            "mentee_induction_required": True,  # 000 §6.1: mentors and mentees alike
            "mentor_training_kinds": ["mentor_training"],  # 000 §6.1: "training in their new role"
            "mentee_training_kinds": ["mentee_induction"],  # 000 §6.1: mentees too
            "mentor_capacity": 1,
            "whole_management_chain_barred": False,  # 000: silent
            "length_min_months": 6,  # 000 §7.1: "not less than six months"
            "length_max_months": 12,  # 000 §7.1: "up to one year"
            "coordinator_reads_meeting_logs": False,  # 000 §9.1: confidential to the pair
            "agreement_required": True,  # 000 "Example: Mentoring Contract"
            **WEST_SUFFOLK_AGREEMENT,
            "plan_after_each_meeting": True,  # 000 contract §5: "At the end of each formal
            # discussion, the mentee will complete this action plan"
            "coordinator_reads_evaluation_text": False,  # 000 §6: the pair agree the form's content
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": WEST_SUFFOLK_POLICY,
    },
    "fun-foundations": {
        "name": "Informal one-to-one",
        "source": "Fun Foundations Day Nursery's mentoring policy",
        "seed": "001",
        "summary": "A private, non-reporting one-to-one relationship with a more experienced "
        "colleague, evaluated every three to six months.",
        "rules": {
            "mentoring_model": ONE_TO_ONE,  # 001: "a more senior/experienced member of the team"
            "matching_mode": COORDINATOR,  # 001: line managers take part in arranging it
            "mentee_manager_approval": False,  # 001: discussion, no formal approval
            "mentor_manager_approval": False,
            "manager_asked_about_mentor": False,
            "mentor_training_required": False,  # 001: training offered, not a condition
            "mentee_induction_required": False,
            "mentor_training_kinds": ["mentor_training"],  # 001: offered, not required
            "mentee_training_kinds": ["mentee_induction"],
            "mentor_capacity": 1,
            "whole_management_chain_barred": True,  # 001: "private and non-reporting"
            "review_interval_months": 3,  # 001 App. A §1: "every three to six months"
            "coordinator_reads_meeting_logs": False,  # 001: "private and non-reporting"
            "agreement_required": True,  # 001 Appendix A: the agreement form
            "coordinator_reads_evaluation_text": False,  # 001: "private and non-reporting"
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": FUN_FOUNDATIONS_POLICY,
    },
    "sssc-peer": {
        "name": "Peer mentoring",
        "source": "the Scottish Social Services Council's peer mentoring guidance",
        "seed": "002",
        "summary": "Coordinator-matched peer mentoring, monthly meetings of one to two hours "
        "with contact every two weeks; mandatory mentor training and mentee induction.",
        "rules": {
            "mentoring_model": ONE_TO_ONE,  # 002 Resources 5 and 8; other models available
            "other_models": ["group", "two_by_two", "team"],  # 002: "The four models are"
            "matching_mode": COORDINATOR,  # 002 Step 8, Resource 4: "arrange pairings"
            "mentee_manager_approval": True,  # 002 Resource 4: managers share the decision
            "mentor_manager_approval": False,  # 002: silent
            "manager_asked_about_mentor": False,
            "mentor_training_required": True,  # 002 Resource 4: "training is mandatory"
            "mentee_induction_required": True,  # 002 Checklist 1: induction "mandatory"
            "mentor_training_kinds": ["mentor_training"],  # 002 Resource 4: "Mentor training"
            "mentee_training_kinds": ["mentee_induction"],  # 002 Checklist 1: "Mentee induction"
            "mentor_capacity": 1,
            "whole_management_chain_barred": True,  # 002: "nonreporting"; Pitfall 8
            "meeting_interval_weeks": 4,  # 002 Resource 5 §2: "at least once every month"
            "contact_interval_weeks": 2,  # 002 Resource 5 §2: "contact ... every two weeks"
            "meeting_minutes_min": 60,  # 002 Resource 5 §3: "a minimum of one hour"
            "meeting_minutes_max": 120,  # 002 Resource 5 §3: "a maximum of two hours"
            "coordinator_reads_meeting_logs": True,  # 002: logs go to "the co-ordinator"
            "agreement_required": True,  # 002 Resource 5: the exemplar agreement
            "coordinator_reads_evaluation_text": True,  # 002 Resource 6: "return the survey"
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": SSSC_POLICY,
    },
    "cleveland-traditional": {
        "name": "Traditional one-to-one",
        "source": "Cleveland Police's mentoring policy",
        "seed": "003",
        "summary": "Mentees choose a mentor from the self-service directory; mentors take up "
        "to three mentees; three to twelve sessions over at most twelve months.",
        "rules": {
            "mentoring_model": ONE_TO_ONE,  # 003 §3.1
            "matching_mode": DIRECTORY,  # 003 §4.3: "Each mentee chooses the most appropriate"
            "mentee_manager_approval": True,  # 003 §3.4, §4.2
            "mentor_manager_approval": True,  # 003 §3.4, §4.1
            "manager_asked_about_mentor": False,
            "mentor_training_required": True,  # 003 §4.1: "training before undertaking"
            "mentee_induction_required": False,  # 003: not a condition for mentees
            "mentor_training_kinds": ["mentor_training"],  # 003 §5.1: "a training workshop"
            "mentee_training_kinds": ["mentee_induction"],
            "mentor_capacity": 3,  # 003 §4.3: "up to a maximum of three mentees"
            "whole_management_chain_barred": False,  # 003 §4.3: "direct line management"
            "length_max_months": 12,  # 003 §4.4: "A maximum of 12 months"
            "sessions_min": 3,  # 003 §3.4: "three to twelve sessions"
            "sessions_max": 12,
            "coordinator_reads_meeting_logs": False,  # 003 §3.5: confidential to the pair
            "agreement_required": True,  # 003 §4.1: mentors "sign ... a mentor's agreement"
            "coordinator_reads_evaluation_text": True,  # 003 §4.6: returned to the coordinator
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": CLEVELAND_POLICY,
    },
    "cleveland-reverse": {
        "name": "Reverse mentoring",
        "source": "Cleveland Police's mentoring policy",
        "seed": "003",
        "summary": "A less experienced mentor with a more experienced mentee, matched by the "
        "coordinator, trained together, for six months.",
        "rules": {
            "mentoring_model": REVERSE,  # 003 §3.1
            "matching_mode": COORDINATOR,  # 003 §4.3: "matched by the ... Co-Ordinator"
            "mentee_manager_approval": True,  # 003 §3.4
            "mentor_manager_approval": True,  # 003 §3.4
            "manager_asked_about_mentor": False,
            "mentor_training_required": True,  # 003 §4.1, §5.1: jointly trained
            "mentee_induction_required": True,  # 003 §4.2: "undergo training with their Mentors"
            "mentor_training_kinds": [
                "joint_reverse"
            ],  # 003 §4.1: "attend training with their Mentees"
            "mentee_training_kinds": ["joint_reverse"],  # 003 §5.1: "jointly trained"
            "mentor_capacity": 1,  # 003 §4.3: "one mentee at any one time"
            "whole_management_chain_barred": False,  # 003 §4.3: reverse pairs cross it
            "length_min_months": 6,  # 003 §4.1, §4.4: "Over a six month period"
            "length_max_months": 6,
            "sessions_min": 3,  # 003 §3.4
            "sessions_max": 12,
            "coordinator_reads_meeting_logs": False,  # 003 §3.5
            "agreement_required": True,  # 003 §4.1: mentors "sign ... a mentor's agreement"
            "coordinator_reads_evaluation_text": True,  # 003 §4.6: returned to the coordinator
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": CLEVELAND_POLICY,
    },
    "nhs-traditional": {
        "name": "One-to-one with a qualified mentor",
        "source": "NHS England's guide to mentoring",
        "seed": "004",
        "summary": "Mentees choose from the register of qualified mentors; contact at least "
        "quarterly with one meeting a year in person; the contract reviewed six-monthly.",
        "rules": {
            "mentoring_model": ONE_TO_ONE,  # 004 "What is mentoring?"
            "matching_mode": DIRECTORY,  # 004 "Identifying a mentor": review the biographies
            "mentee_manager_approval": True,  # 004: "agreed with your line manager"
            "mentor_manager_approval": False,  # 004: silent
            "manager_asked_about_mentor": False,
            "mentor_training_required": True,  # 004: mentors hold a mentoring qualification
            "mentee_induction_required": False,  # 004: e-learning only "suggested"
            "mentor_training_kinds": ["mentor_training"],
            "mentee_training_kinds": ["mentee_induction"],
            "mentor_capacity": 1,
            "whole_management_chain_barred": False,  # 004: silent
            **NHS_CADENCE,
            "coordinator_reads_meeting_logs": False,  # 004: recording rests with the mentee
            "agreement_required": True,  # 004 Annex A: the mentoring contract
            **NHS_AGREEMENT,
            "coordinator_reads_evaluation_text": False,  # 004: silent
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": NHS_POLICY,
    },
    "nhs-reciprocal": {
        "name": "Reciprocal mentoring",
        "source": "NHS England's guide to mentoring",
        "seed": "004",
        "summary": "Both people are mentor and mentee to each other; both qualified or in "
        "development; at least quarterly, one meeting a year in person.",
        "rules": {
            "mentoring_model": RECIPROCAL,  # 004 "Roles": "both the role of mentee and mentor"
            "matching_mode": DIRECTORY,  # 004: select a biography or list your own
            "mentee_manager_approval": True,  # 004: agreed with the line manager
            "mentor_manager_approval": True,  # 004: each person is also a mentee
            "manager_asked_about_mentor": False,
            "mentor_training_required": True,  # 004 "Roles": "required to ... qualification"
            "mentee_induction_required": True,  # 004: the same requirement for both
            "mentor_training_kinds": ["mentor_training"],
            "mentee_training_kinds": ["mentee_induction"],
            "mentor_capacity": 1,
            "whole_management_chain_barred": False,  # 004: silent
            **NHS_CADENCE,
            "coordinator_reads_meeting_logs": False,
            "agreement_required": True,  # 004 Annex A: the mentoring contract
            **NHS_AGREEMENT,
            "coordinator_reads_evaluation_text": False,  # 004: silent
            "report_includes_free_text": False,  # no seed quotes people in reports
        },
        "policy": NHS_POLICY,
    },
}
