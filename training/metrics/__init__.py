"""Programme metrics (``/manage/metrics/``): how long training takes, where it stalls, how
reviews, quizzes and shadowing go, and how certification holds up, per team and track, each as a
chart with its table and CSV. Managers see their teams; training admins every team.

``scope`` says whose data counts; ``progress``, ``reviews`` and ``coverage`` compute the figures,
each in a fixed number of queries whatever the size of the organisation; ``views`` shows them.
"""
