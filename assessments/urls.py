from django.urls import path

from . import views

app_name = "assessments"

# Fixed prefixes come before the quiz slug; Quiz.clean() refuses these words as slugs.
urlpatterns = [
    path("", views.quiz_list, name="quiz_list"),
    path("grading/", views.review_queue, name="review_queue"),
    path("import/", views.question_import, name="question_import"),
    path("banks/<int:pk>/gift/", views.bank_download, name="bank_download"),
    path("grading/<int:pk>/", views.review_attempt, name="review_attempt"),
    path("attempts/<int:pk>/", views.attempt_detail, name="attempt_detail"),
    path("attempts/<int:pk>/answers/<int:response_pk>/", views.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt_result"),
    path("<slug:slug>/", views.quiz_detail, name="quiz_detail"),
    path("<slug:slug>/start/", views.attempt_start, name="attempt_start"),
    path("<slug:slug>/statistics/", views.item_statistics, name="item_statistics"),
]
