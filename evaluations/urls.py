from django.urls import path

from .views import dashboard, questionnaires, reports, responses

app_name = "evaluations"

urlpatterns = [
    # Questionnaires built by coordinators (EVAL-1)
    path("questionnaires/", questionnaires.questionnaires, name="questionnaires"),
    path(
        "programme/<int:pk>/questionnaires/",
        questionnaires.questionnaire_list,
        name="questionnaire_list",
    ),
    path(
        "programme/<int:pk>/questionnaires/add/",
        questionnaires.questionnaire_add,
        name="questionnaire_add",
    ),
    path("questionnaire/<int:pk>/", questionnaires.questionnaire_detail, name="questionnaire"),
    path(
        "questionnaire/<int:pk>/edit/",
        questionnaires.questionnaire_edit,
        name="questionnaire_edit",
    ),
    path(
        "questionnaire/<int:pk>/retire/",
        questionnaires.questionnaire_retire,
        name="questionnaire_retire",
    ),
    path("questionnaire/<int:pk>/sections/add/", questionnaires.section_add, name="section_add"),
    path("section/<int:pk>/edit/", questionnaires.section_edit, name="section_edit"),
    path("section/<int:pk>/delete/", questionnaires.section_delete, name="section_delete"),
    path("section/<int:pk>/questions/add/", questionnaires.question_add, name="question_add"),
    path("question/<int:pk>/edit/", questionnaires.question_edit, name="question_edit"),
    path("question/<int:pk>/delete/", questionnaires.question_delete, name="question_delete"),
    # Sending and answering (EVAL-2)
    path("to-complete/", responses.to_complete, name="to_complete"),
    path("response/<int:pk>/", responses.response_detail, name="response"),
    path("response/<int:pk>/confirm/", responses.response_confirm, name="response_confirm"),
    path("questionnaire/<int:pk>/survey/", responses.survey_send, name="survey_send"),
    path("questionnaire/<int:pk>/answers/", responses.answers, name="answers"),
    path(
        "questionnaire/<int:pk>/answers/people/",
        responses.answers_by_person,
        name="answers_by_person",
    ),
    # The coordinator dashboard (MON-1)
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "dashboard/programme/<int:pk>/", dashboard.programme_dashboard, name="programme_dashboard"
    ),
    # Anonymised monitoring reports (MON-2)
    path("reports/", reports.report_list, name="reports"),
    path("report/<int:pk>/", reports.report_detail, name="report"),
    path("report/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("report/<int:pk>/csv/", reports.report_csv, name="report_csv"),
]
