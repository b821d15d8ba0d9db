import csv
import io

from mentoring.people.staff_import import COLUMNS


def staff_csv(*rows, columns=COLUMNS):
    """CSV bytes with a header and one line per dict; missing columns are left blank."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return io.BytesIO(out.getvalue().encode())


def person(email, manager="", **extra):
    first, _, last = email.split("@")[0].partition(".")
    return {
        "first_name": first.title(),
        "last_name": (last or "Smith").title(),
        "work_email": email,
        "job_title": "Officer",
        "department": "Housing",
        "location": "Ipswich",
        "grade": "Grade 4",
        "hours": "full time",
        "contract": "permanent",
        "line_manager_email": manager,
        **extra,
    }


def organisation(size):
    """A management tree of `size` people: each reports to someone listed earlier."""
    rows = [person("boss.0@example.org")]
    for n in range(1, size):
        rows.append(person(f"person.{n}@example.org", manager=rows[(n - 1) // 5]["work_email"]))
    return rows
