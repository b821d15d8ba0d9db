from django.dispatch import Signal

# Sent inside the transaction when an applicant withdraws, so that higher apps can let go of
# what hangs on the application (relationships ends its pairings and requests) without this
# app importing them.
application_withdrawn = Signal()

# Sent inside the transaction when a coordinator creates a programme, with the preset it starts
# from ("" for none), so that evaluations can copy the preset's questionnaires into it.
programme_created = Signal()

# Sent inside the transaction when a coordinator lets the programme's coordinators read what
# is written in its relationships (`switches`: the fields switched on), so that relationships
# can tell the people in them.
coordinator_reading_switched_on = Signal()
