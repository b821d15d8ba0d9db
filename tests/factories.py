import factory
from django.contrib.auth.hashers import make_password

from mentoring.people.models import Department, Grade, Location, StaffMember, User

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Iterator(["Housing", "Planning", "Finance", "Human Resources"])


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = factory.Iterator(["Ipswich", "Lowestoft", "Bury St Edmunds"])


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade
        django_get_or_create = ["name"]

    name = factory.Iterator(["Grade 4", "Grade 6", "Grade 8"])


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    work_email = factory.Sequence(lambda n: f"staff{n}@example.org")
    user = factory.SubFactory(UserFactory, email=factory.SelfAttribute("..work_email"))
    job_title = "Officer"
    department = factory.SubFactory(DepartmentFactory)
    location = factory.SubFactory(LocationFactory)
    grade = factory.SubFactory(GradeFactory)
