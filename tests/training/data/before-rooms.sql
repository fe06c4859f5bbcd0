BEGIN TRANSACTION;
CREATE TABLE "assessments_attempt" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "number" smallint unsigned NOT NULL CHECK ("number" >= 0), "status" varchar(16) NOT NULL, "started_at" datetime NOT NULL, "deadline" datetime NULL, "submitted_at" datetime NULL, "is_late" bool NOT NULL, "score_points" decimal NULL, "max_points" decimal NOT NULL, "score_percent" decimal NULL, "passed" bool NULL, "graded_at" datetime NULL, "reviewed_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "quiz_id" bigint NOT NULL REFERENCES "assessments_quiz" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_attempt_unique_number" UNIQUE ("user_id", "quiz_id", "number"), CONSTRAINT "assessments_attempt_score_percent_range" CHECK (("score_percent" IS NULL OR ("score_percent" >= '0' AND "score_percent" <= '100'))), CONSTRAINT "assessments_attempt_graded_has_result" CHECK ((NOT ("status" = 'graded') OR ("passed" IS NOT NULL AND "score_percent" IS NOT NULL))));
INSERT INTO "assessments_attempt" VALUES(1,1,'graded','2026-11-29 22:05:02.714415','2026-11-29 22:25:02.714415','2026-11-29 22:05:02.751482',0,8,8,100,1,'2026-11-29 22:05:02.751482',NULL,6,1);
CREATE TABLE "assessments_category" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(200) NOT NULL, "bank_id" bigint NOT NULL REFERENCES "assessments_questionbank" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_category_unique_name" UNIQUE ("bank_id", "name"));
INSERT INTO "assessments_category" VALUES(1,'Architecture',1);
INSERT INTO "assessments_category" VALUES(2,'Operations basics',1);
INSERT INTO "assessments_category" VALUES(3,'Severity',2);
INSERT INTO "assessments_category" VALUES(4,'Responding',2);
INSERT INTO "assessments_category" VALUES(5,'On-call',3);
INSERT INTO "assessments_category" VALUES(6,'Scenarios',4);
CREATE TABLE "assessments_choice" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "text" varchar(500) NOT NULL, "fraction" decimal NOT NULL, "feedback" text NOT NULL, "is_regex" bool NOT NULL, "value" real NULL, "tolerance" real NOT NULL, "question_id" bigint NOT NULL REFERENCES "assessments_question" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_choice_fraction_range" CHECK (("fraction" >= '-100' AND "fraction" <= '100')), CONSTRAINT "assessments_choice_tolerance_positive" CHECK ("tolerance" >= 0.0));
INSERT INTO "assessments_choice" VALUES(1,1,'To a RabbitMQ queue, from which an agent processor consumes it',100,'Right: the API publishes and returns; agents work asynchronously.',0,NULL,0.0,1);
INSERT INTO "assessments_choice" VALUES(2,2,'Straight to an agent over HTTP, waiting for the answer',0,'No: the design is asynchronous, so the API does not wait for an agent.',0,NULL,0.0,1);
INSERT INTO "assessments_choice" VALUES(3,3,'Into Redis, which the agents poll',0,'No: Redis is the cache layer, not the queue.',0,NULL,0.0,1);
INSERT INTO "assessments_choice" VALUES(4,4,'Into a PostgreSQL table that agents scan every minute',0,'No: PostgreSQL keeps state and results; the broker carries the work.',0,NULL,0.0,1);
INSERT INTO "assessments_choice" VALUES(5,1,'The API layer (Express.js)',25,'',0,NULL,0.0,2);
INSERT INTO "assessments_choice" VALUES(6,2,'The RabbitMQ message broker',25,'',0,NULL,0.0,2);
INSERT INTO "assessments_choice" VALUES(7,3,'PostgreSQL as the database layer',25,'',0,NULL,0.0,2);
INSERT INTO "assessments_choice" VALUES(8,4,'Redis as the cache layer',25,'',0,NULL,0.0,2);
INSERT INTO "assessments_choice" VALUES(9,5,'A Kafka cluster',-100,'There is no Kafka in this system: the broker is RabbitMQ.',0,NULL,0.0,2);
INSERT INTO "assessments_choice" VALUES(10,1,'True',0,'Not so: Redis is a cache. The results live in PostgreSQL.',0,NULL,0.0,3);
INSERT INTO "assessments_choice" VALUES(11,2,'False',100,'Right: Redis only caches; PostgreSQL keeps the results.',0,NULL,0.0,3);
INSERT INTO "assessments_choice" VALUES(12,1,'RabbitMQ',100,'Right.',0,NULL,0.0,4);
INSERT INTO "assessments_choice" VALUES(13,2,'rabbit\s*-?\s*mq',100,'Right (RabbitMQ).',1,NULL,0.0,4);
INSERT INTO "assessments_choice" VALUES(14,3,'message broker',50,'Half right: it is a message broker, but which one?',0,NULL,0.0,4);
INSERT INTO "assessments_choice" VALUES(15,1,'',100,'Right: 120 in, 90 out.',0,30.0,0.0,5);
INSERT INTO "assessments_choice" VALUES(16,1,'',100,'Right: 17 of 20.',0,85.0,1.0,6);
INSERT INTO "assessments_choice" VALUES(17,2,'',50,'Close, but work it out exactly: 17 ÷ 20.',0,85.0,10.0,6);
INSERT INTO "assessments_choice" VALUES(18,1,'The message is only acknowledged after processing, so the broker delivers it again (retry logic)',100,'Right.',0,NULL,0.0,7);
INSERT INTO "assessments_choice" VALUES(19,2,'Redis keeps a copy and replays it',0,'No: the cache does not replay work.',0,NULL,0.0,7);
INSERT INTO "assessments_choice" VALUES(20,3,'Nothing: the engineer on call must resubmit it by hand',0,'No: the retry logic covers this case.',0,NULL,0.0,7);
INSERT INTO "assessments_choice" VALUES(21,4,'The API notices and resends it',0,'No: the API has already answered the client.',0,NULL,0.0,7);
INSERT INTO "assessments_choice" VALUES(22,1,'True',100,'Right.',0,NULL,0.0,8);
INSERT INTO "assessments_choice" VALUES(23,2,'False',0,'The architecture guide lists health checks for every container.',0,NULL,0.0,8);
INSERT INTO "assessments_choice" VALUES(24,1,'P1 (critical)',100,'Right: no work moves at all.',0,NULL,0.0,9);
INSERT INTO "assessments_choice" VALUES(25,2,'P2 (high)',0,'Too low: without the broker no task is processed.',0,NULL,0.0,9);
INSERT INTO "assessments_choice" VALUES(26,3,'P3 (low)',0,'Far too low.',0,NULL,0.0,9);
INSERT INTO "assessments_choice" VALUES(27,1,'P2 (high)',100,'Right: degraded, not down.',0,NULL,0.0,10);
INSERT INTO "assessments_choice" VALUES(28,2,'P1 (critical)',0,'Too high: the system still works, reading from PostgreSQL.',0,NULL,0.0,10);
INSERT INTO "assessments_choice" VALUES(29,3,'No incident: nobody needs to act',0,'No: the extra load on PostgreSQL can cascade.',0,NULL,0.0,10);
INSERT INTO "assessments_choice" VALUES(30,1,'True',100,'Right.',0,NULL,0.0,11);
INSERT INTO "assessments_choice" VALUES(31,2,'False',0,'It is P1: requests that need the database fail.',0,NULL,0.0,11);
INSERT INTO "assessments_choice" VALUES(32,1,'The database is completely unavailable',33.333,'',0,NULL,0.0,12);
INSERT INTO "assessments_choice" VALUES(33,2,'Data corruption is detected',33.333,'',0,NULL,0.0,12);
INSERT INTO "assessments_choice" VALUES(34,3,'Messages are being lost',33.334,'',0,NULL,0.0,12);
INSERT INTO "assessments_choice" VALUES(35,4,'A memory leak slowly raises memory use',-100,'A memory leak is P2 until it causes an outage.',0,NULL,0.0,12);
INSERT INTO "assessments_choice" VALUES(36,1,'TREE 2: task processing stalled',100,'Right.',0,NULL,0.0,13);
INSERT INTO "assessments_choice" VALUES(37,2,'TREE 1: API unavailability',0,'No: the API answers.',0,NULL,0.0,13);
INSERT INTO "assessments_choice" VALUES(38,3,'TREE 5: database problems',0,'Not first: start from the symptom, stalled tasks.',0,NULL,0.0,13);
INSERT INTO "assessments_choice" VALUES(39,4,'TREE 8: data consistency',0,'No: nothing is wrong with the data yet.',0,NULL,0.0,13);
INSERT INTO "assessments_choice" VALUES(40,1,'root cause analysis',100,'',0,NULL,0.0,14);
INSERT INTO "assessments_choice" VALUES(41,2,'RCA',100,'',0,NULL,0.0,14);
INSERT INTO "assessments_choice" VALUES(42,3,'post-mortem',50,'Close: the guide calls it root cause analysis (RCA).',0,NULL,0.0,14);
INSERT INTO "assessments_choice" VALUES(43,1,'Escalate now, with what you have tried and what you see',100,'Right: escalation is a tool, not a failure.',0,NULL,0.0,15);
INSERT INTO "assessments_choice" VALUES(44,2,'Keep trying alone until you find the cause',0,'No: growing impact is exactly when to escalate.',0,NULL,0.0,15);
INSERT INTO "assessments_choice" VALUES(45,3,'Restart every service at once',0,'No: that destroys evidence and may make it worse.',0,NULL,0.0,15);
INSERT INTO "assessments_choice" VALUES(46,4,'Wait for the morning shift',0,'No.',0,NULL,0.0,15);
INSERT INTO "assessments_choice" VALUES(47,1,'True',0,'No: after mitigation come the RCA, the follow-up actions and updates to runbooks.',0,NULL,0.0,16);
INSERT INTO "assessments_choice" VALUES(48,2,'False',100,'Right.',0,NULL,0.0,16);
INSERT INTO "assessments_choice" VALUES(49,1,'Acknowledge the alert, so everyone knows someone is on it',100,'Right.',0,NULL,0.0,17);
INSERT INTO "assessments_choice" VALUES(50,2,'Open the runbook and start fixing',0,'Acknowledge first: otherwise the page escalates and others start too.',0,NULL,0.0,17);
INSERT INTO "assessments_choice" VALUES(51,3,'Post in the team channel and wait for advice',0,'No: own the alert first.',0,NULL,0.0,17);
INSERT INTO "assessments_choice" VALUES(52,4,'Restart the API',0,'Never as a first reflex.',0,NULL,0.0,17);
INSERT INTO "assessments_choice" VALUES(53,1,'Open incidents and their state',33.333,'',0,NULL,0.0,18);
INSERT INTO "assessments_choice" VALUES(54,2,'What you changed during the shift',33.333,'',0,NULL,0.0,18);
INSERT INTO "assessments_choice" VALUES(55,3,'Anything to keep an eye on',33.334,'',0,NULL,0.0,18);
INSERT INTO "assessments_choice" VALUES(56,4,'Your personal passwords, in case they need your access',-100,'Never: each engineer has their own access.',0,NULL,0.0,18);
INSERT INTO "assessments_choice" VALUES(57,1,'True',0,'No: when in doubt, escalate. A manager would rather be woken than find out in the morning.',0,NULL,0.0,19);
INSERT INTO "assessments_choice" VALUES(58,2,'False',100,'Right.',0,NULL,0.0,19);
INSERT INTO "assessments_choice" VALUES(59,1,'.*decision\s*tree.*',100,'Right: start at the main tree and follow the symptom.',1,NULL,0.0,20);
INSERT INTO "assessments_choice" VALUES(60,1,'',100,'',0,4.0,0.0,21);
INSERT INTO "assessments_choice" VALUES(61,1,'SSH to production',25,'',0,NULL,0.0,22);
INSERT INTO "assessments_choice" VALUES(62,2,'RabbitMQ management',25,'',0,NULL,0.0,22);
INSERT INTO "assessments_choice" VALUES(63,3,'The monitoring system',25,'',0,NULL,0.0,22);
INSERT INTO "assessments_choice" VALUES(64,4,'PagerDuty, or your incident system',25,'',0,NULL,0.0,22);
INSERT INTO "assessments_choice" VALUES(65,5,'None: access is granted when an incident starts',-100,'No: find out now, not at 3 a.m.',0,NULL,0.0,22);
INSERT INTO "assessments_choice" VALUES(66,1,'P2',100,'Right: degraded service.',0,NULL,0.0,25);
INSERT INTO "assessments_choice" VALUES(67,2,'P1',0,'Not yet: the system still works. Escalate to P1 if the database pool runs out.',0,NULL,0.0,25);
INSERT INTO "assessments_choice" VALUES(68,3,'P3',0,'Too low: errors are climbing.',0,NULL,0.0,25);
INSERT INTO "assessments_choice" VALUES(69,1,'True',100,'Right.',0,NULL,0.0,26);
INSERT INTO "assessments_choice" VALUES(70,2,'False',0,'The policy''s limit is there so nobody carries a long incident alone.',0,NULL,0.0,26);
CREATE TABLE "assessments_criterionscore" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "points" smallint unsigned NOT NULL CHECK ("points" >= 0), "response_id" bigint NOT NULL REFERENCES "assessments_response" ("id") DEFERRABLE INITIALLY DEFERRED, "criterion_id" bigint NOT NULL REFERENCES "assessments_rubriccriterion" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_criterionscore_unique" UNIQUE ("response_id", "criterion_id"));
CREATE TABLE "assessments_question" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(200) NOT NULL, "kind" varchar(16) NOT NULL, "text" text NOT NULL, "general_feedback" text NOT NULL, "points" decimal NOT NULL, "partial_credit" bool NOT NULL, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "category_id" bigint NULL REFERENCES "assessments_category" ("id") DEFERRABLE INITIALLY DEFERRED, "bank_id" bigint NOT NULL REFERENCES "assessments_questionbank" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_question_unique_name" UNIQUE ("bank_id", "name"), CONSTRAINT "assessments_question_points_positive" CHECK ("points" > '0'));
INSERT INTO "assessments_question" VALUES(1,'w1-task-path','single','An engineer submits a task through the API. Where does the API hand it over for processing?','The API layer accepts and validates the request, publishes a message to the broker and answers at once; agent processors consume messages and record results in PostgreSQL.',1,1,1,1,1);
INSERT INTO "assessments_question" VALUES(2,'w1-components','multiple','Which of these are components of the system described in the architecture guide?','Five parts: API, broker, agent processors, database and cache. Knowing them is the first step of every decision tree.',1,1,2,1,1);
INSERT INTO "assessments_question" VALUES(3,'w1-redis-record','true_false','Redis is the system of record for task results: if Redis loses its data, the results are gone.','A cache can be rebuilt from the database. Losing Redis makes the system slower, not wrong.',1,1,3,1,1);
INSERT INTO "assessments_question" VALUES(4,'w1-broker-name','short','What kind of software, and which product, carries tasks from the API to the agents? Name the product.','The message broker is RabbitMQ. Its queues decouple the API from the agents.',1,1,4,1,1);
INSERT INTO "assessments_question" VALUES(5,'w1-backlog','numeric','A queue receives 120 tasks a minute. Three agent processors each finish 30 tasks a minute. By how many tasks a minute does the backlog grow?','Incoming rate minus processing rate: 120 − 3 × 30 = 30. A growing backlog with healthy agents means too few consumers.',1,1,5,2,1);
INSERT INTO "assessments_question" VALUES(6,'w1-pool-usage','numeric','The database connection pool has 20 connections and 17 are in use. What percentage of the pool is in use? (A whole number is fine.)','17 ÷ 20 = 85%. The runbooks treat a pool that stays this full as a warning sign of exhaustion.',1,1,6,2,1);
INSERT INTO "assessments_question" VALUES(7,'w1-retry','single','An agent crashes half-way through a task. What keeps the task from being lost?','Messages are acknowledged when the work is done; unacknowledged messages return to the queue. That is also why duplicates are possible and processing should be idempotent.',1,1,7,2,1);
INSERT INTO "assessments_question" VALUES(8,'w1-health-checks','true_false','Each container has a health check, so a failing container can be noticed and restarted.','',1,1,8,2,1);
INSERT INTO "assessments_question" VALUES(9,'w2-rabbit-down','single','The RabbitMQ broker is down: no task can be queued. Which severity is it?','The incident guide treats a broker outage as P1, like the application service being down.',1,1,1,3,2);
INSERT INTO "assessments_question" VALUES(10,'w2-redis-down','single','Redis is down, but the API still answers and tasks are still processed, only more slowly. Which severity is it?','A cache outage is P2 in the incident guide. Watch the database: every cache miss becomes a query.',1,1,2,3,2);
INSERT INTO "assessments_question" VALUES(11,'w2-pool-p1','true_false','Exhaustion of the database connection pool is a P1 incident.','',1,1,3,3,2);
INSERT INTO "assessments_question" VALUES(12,'w2-which-p1','multiple','Which of these incidents does the incident guide rank P1?','P1 means work stops or data is harmed. A slow memory leak is P2, but act before it becomes an OOM.',1,1,4,3,2);
INSERT INTO "assessments_question" VALUES(13,'w2-tree-stalled','single','The API is healthy, but tasks stay pending. Which troubleshooting tree do you start from?','',1,1,5,4,2);
INSERT INTO "assessments_question" VALUES(14,'w2-rca','short','What is the written analysis made after an incident, to find why it happened and prevent a repeat, usually called?','The incident guide''s post-incident section: immediate actions, root cause analysis, follow-up actions, prevention.',1,1,6,4,2);
INSERT INTO "assessments_question" VALUES(15,'w2-escalate','single','You have followed the runbook for 20 minutes and the impact is growing. What do you do?','',1,1,7,4,2);
INSERT INTO "assessments_question" VALUES(16,'w2-done-after-fix','true_false','Once a P1 is mitigated and the system is healthy again, the incident is over and needs no follow-up.','',1,1,8,4,2);
INSERT INTO "assessments_question" VALUES(17,'w3-first-seconds','single','An alert pages you. What do you do in the first 30 seconds?','',1,1,1,5,3);
INSERT INTO "assessments_question" VALUES(18,'w3-handoff','multiple','What belongs in the handoff to the next on-call engineer?','',1,1,2,5,3);
INSERT INTO "assessments_question" VALUES(19,'w3-unsure-escalate','true_false','If you are unsure whether something deserves escalation, wait until you are sure.','',1,1,3,5,3);
INSERT INTO "assessments_question" VALUES(20,'w3-lost','short','During a shift you don''t know what to do next. Which document do you start from?','The troubleshooting decision tree: print it, start at the main tree, follow the symptom.',1,1,4,5,3);
INSERT INTO "assessments_question" VALUES(21,'w3-shadow-hours','numeric','How many hours of shadowing does the fast track ask for before your first shift?','The fast track asks for 4 hours shadowing an experienced on-call engineer.',1,1,5,5,3);
INSERT INTO "assessments_question" VALUES(22,'w3-access','multiple','Before your first shift, which access do you check works?','',1,1,6,5,3);
INSERT INTO "assessments_question" VALUES(23,'sv-stalled-tasks','scenario','At 02:10 you are paged. The API answers normally, but tasks submitted since about 01:40 stay pending. Describe what you check, in what order, what you do, and whom you tell.','',1,1,1,6,4);
INSERT INTO "assessments_question" VALUES(24,'sv-redis-outage','scenario','During the afternoon, Redis becomes unreachable. Latency doubles and the error rate starts to climb. Walk through your response from the first alert to the day after.','',1,1,2,6,4);
INSERT INTO "assessments_question" VALUES(25,'sv-severity','single','In the second scenario, what severity do you declare first?','',1,1,3,6,4);
INSERT INTO "assessments_question" VALUES(26,'sv-escalation','true_false','You have not found the cause after the time your escalation policy allows. Do you escalate even though you are making some progress?','',1,1,4,6,4);
CREATE TABLE "assessments_questionbank" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(120) NOT NULL UNIQUE, "description" text NOT NULL, "created_at" datetime NOT NULL, "created_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "assessments_questionbank" VALUES(1,'Week 1 Foundations','','2026-11-29 22:05:02.126046',1);
INSERT INTO "assessments_questionbank" VALUES(2,'Week 2 Incident response','','2026-11-29 22:05:02.220599',1);
INSERT INTO "assessments_questionbank" VALUES(3,'Week 3 Preparation for first on-call','','2026-11-29 22:05:02.308582',1);
INSERT INTO "assessments_questionbank" VALUES(4,'Scenario validation','','2026-11-29 22:05:02.373421',1);
CREATE TABLE "assessments_quiz" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "slug" varchar(120) NOT NULL UNIQUE, "title" varchar(200) NOT NULL, "description" text NOT NULL, "selection" varchar(10) NOT NULL, "pass_mark" smallint unsigned NOT NULL CHECK ("pass_mark" >= 0), "max_attempts" smallint unsigned NULL CHECK ("max_attempts" >= 0), "time_limit_minutes" smallint unsigned NULL CHECK ("time_limit_minutes" >= 0), "late_policy" varchar(10) NOT NULL, "shuffle_questions" bool NOT NULL, "shuffle_choices" bool NOT NULL, "feedback_mode" varchar(16) NOT NULL, "is_published" bool NOT NULL, "created_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_quiz_pass_mark_percent" CHECK (("pass_mark" >= 0 AND "pass_mark" <= 100)), CONSTRAINT "assessments_quiz_max_attempts_positive" CHECK (("max_attempts" IS NULL OR "max_attempts" >= 1)), CONSTRAINT "assessments_quiz_time_limit_positive" CHECK (("time_limit_minutes" IS NULL OR "time_limit_minutes" >= 1)));
INSERT INTO "assessments_quiz" VALUES(1,'week-1-knowledge-check','Week 1 knowledge check: Foundations','How the agent orchestrator is built: API, RabbitMQ, agent processors, PostgreSQL and Redis, and how a task travels through them.','fixed',75,3,20,'zero',0,1,'after_attempt',1,1);
INSERT INTO "assessments_quiz" VALUES(2,'week-2-knowledge-check','Week 2 knowledge check: Incident response','Severity, choosing the right scenario and decision tree, escalation and what follows an incident. Six questions drawn at random from the incident bank.','random',80,3,20,'zero',1,1,'after_attempt',1,1);
INSERT INTO "assessments_quiz" VALUES(3,'week-3-knowledge-check','Week 3 knowledge check: Preparation for first on-call','The first minutes of an alert, handoffs, escalation and the access you need before your first shift.','fixed',80,NULL,15,'zero',1,1,'after_pass',1,1);
INSERT INTO "assessments_quiz" VALUES(4,'scenario-validation','Scenario validation','The final scenario-based validation. Answer two incidents in your own words; your mentor or manager grades each answer against its rubric.','fixed',70,2,60,'accept',0,1,'after_attempt',1,1);
CREATE TABLE "assessments_quizdraw" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "count" smallint unsigned NOT NULL CHECK ("count" >= 0), "category_id" bigint NOT NULL REFERENCES "assessments_category" ("id") DEFERRABLE INITIALLY DEFERRED, "quiz_id" bigint NOT NULL REFERENCES "assessments_quiz" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_quizdraw_unique" UNIQUE ("quiz_id", "category_id"), CONSTRAINT "assessments_quizdraw_count_positive" CHECK ("count" >= 1));
INSERT INTO "assessments_quizdraw" VALUES(1,3,3,2);
INSERT INTO "assessments_quizdraw" VALUES(2,3,4,2);
CREATE TABLE "assessments_quizquestion" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "question_id" bigint NOT NULL REFERENCES "assessments_question" ("id") DEFERRABLE INITIALLY DEFERRED, "quiz_id" bigint NOT NULL REFERENCES "assessments_quiz" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_quizquestion_unique" UNIQUE ("quiz_id", "question_id"));
INSERT INTO "assessments_quizquestion" VALUES(1,1,1,1);
INSERT INTO "assessments_quizquestion" VALUES(2,2,2,1);
INSERT INTO "assessments_quizquestion" VALUES(3,3,3,1);
INSERT INTO "assessments_quizquestion" VALUES(4,4,4,1);
INSERT INTO "assessments_quizquestion" VALUES(5,5,5,1);
INSERT INTO "assessments_quizquestion" VALUES(6,6,6,1);
INSERT INTO "assessments_quizquestion" VALUES(7,7,7,1);
INSERT INTO "assessments_quizquestion" VALUES(8,8,8,1);
INSERT INTO "assessments_quizquestion" VALUES(9,1,17,3);
INSERT INTO "assessments_quizquestion" VALUES(10,2,18,3);
INSERT INTO "assessments_quizquestion" VALUES(11,3,19,3);
INSERT INTO "assessments_quizquestion" VALUES(12,4,20,3);
INSERT INTO "assessments_quizquestion" VALUES(13,5,21,3);
INSERT INTO "assessments_quizquestion" VALUES(14,6,22,3);
INSERT INTO "assessments_quizquestion" VALUES(15,1,23,4);
INSERT INTO "assessments_quizquestion" VALUES(16,2,24,4);
INSERT INTO "assessments_quizquestion" VALUES(17,3,25,4);
INSERT INTO "assessments_quizquestion" VALUES(18,4,26,4);
CREATE TABLE "assessments_response" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "choice_order" text NOT NULL CHECK ((JSON_VALID("choice_order") OR "choice_order" IS NULL)), "selected" text NOT NULL CHECK ((JSON_VALID("selected") OR "selected" IS NULL)), "text" text NOT NULL, "answered_at" datetime NULL, "max_points" decimal NOT NULL, "points" decimal NULL, "reviewer_comment" text NOT NULL, "attempt_id" bigint NOT NULL REFERENCES "assessments_attempt" ("id") DEFERRABLE INITIALLY DEFERRED, "question_id" bigint NOT NULL REFERENCES "assessments_question" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_response_unique_position" UNIQUE ("attempt_id", "position"), CONSTRAINT "assessments_response_unique_question" UNIQUE ("attempt_id", "question_id"), CONSTRAINT "assessments_response_points_positive" CHECK (("points" IS NULL OR "points" >= '0')));
INSERT INTO "assessments_response" VALUES(1,1,'[3, 2, 4, 1]','[1]','','2026-11-29 22:05:02.751482',1,1,'',1,1);
INSERT INTO "assessments_response" VALUES(2,2,'[5, 9, 6, 8, 7]','[5, 6, 8, 7]','','2026-11-29 22:05:02.751482',1,1,'',1,2);
INSERT INTO "assessments_response" VALUES(3,3,'[10, 11]','[11]','','2026-11-29 22:05:02.751482',1,1,'',1,3);
INSERT INTO "assessments_response" VALUES(4,4,'[]','[]','RabbitMQ','2026-11-29 22:05:02.751482',1,1,'',1,4);
INSERT INTO "assessments_response" VALUES(5,5,'[]','[]','30.0','2026-11-29 22:05:02.751482',1,1,'',1,5);
INSERT INTO "assessments_response" VALUES(6,6,'[]','[]','85.0','2026-11-29 22:05:02.751482',1,1,'',1,6);
INSERT INTO "assessments_response" VALUES(7,7,'[20, 21, 18, 19]','[18]','','2026-11-29 22:05:02.751482',1,1,'',1,7);
INSERT INTO "assessments_response" VALUES(8,8,'[22, 23]','[22]','','2026-11-29 22:05:02.751482',1,1,'',1,8);
CREATE TABLE "assessments_rubriccriterion" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "description" varchar(500) NOT NULL, "max_points" smallint unsigned NOT NULL CHECK ("max_points" >= 0), "question_id" bigint NOT NULL REFERENCES "assessments_question" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "assessments_criterion_points_positive" CHECK ("max_points" >= 1));
INSERT INTO "assessments_rubriccriterion" VALUES(1,1,'Characterises the problem before acting: scope, when it started, what changed',3,23);
INSERT INTO "assessments_rubriccriterion" VALUES(2,2,'Follows the task''s path: queue depth and consumers in RabbitMQ, agent health and logs',3,23);
INSERT INTO "assessments_rubriccriterion" VALUES(3,3,'Mitigates safely (e.g. restart or scale the stalled agents) and checks that tasks flow again',2,23);
INSERT INTO "assessments_rubriccriterion" VALUES(4,4,'Communicates: status updates, and escalates if not resolved within the target',2,23);
INSERT INTO "assessments_rubriccriterion" VALUES(5,1,'Names the severity (P2: degraded, not down) and the impact on engineers and users',2,24);
INSERT INTO "assessments_rubriccriterion" VALUES(6,2,'Watches PostgreSQL: cache misses become queries, so the connection pool can run out',3,24);
INSERT INTO "assessments_rubriccriterion" VALUES(7,3,'Restores Redis or fails over, and confirms latency and error rate return to normal',3,24);
INSERT INTO "assessments_rubriccriterion" VALUES(8,4,'Plans the follow-up: root cause analysis and runbook updates',2,24);
CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE);
INSERT INTO "auth_group" VALUES(1,'Training admins');
CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "auth_group_permissions" VALUES(1,1,57);
INSERT INTO "auth_group_permissions" VALUES(2,1,90);
INSERT INTO "auth_group_permissions" VALUES(3,1,155);
CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL);
INSERT INTO "auth_permission" VALUES(1,1,'add_logentry','Can add log entry');
INSERT INTO "auth_permission" VALUES(2,1,'change_logentry','Can change log entry');
INSERT INTO "auth_permission" VALUES(3,1,'delete_logentry','Can delete log entry');
INSERT INTO "auth_permission" VALUES(4,1,'view_logentry','Can view log entry');
INSERT INTO "auth_permission" VALUES(5,2,'add_permission','Can add permission');
INSERT INTO "auth_permission" VALUES(6,2,'change_permission','Can change permission');
INSERT INTO "auth_permission" VALUES(7,2,'delete_permission','Can delete permission');
INSERT INTO "auth_permission" VALUES(8,2,'view_permission','Can view permission');
INSERT INTO "auth_permission" VALUES(9,3,'add_group','Can add group');
INSERT INTO "auth_permission" VALUES(10,3,'change_group','Can change group');
INSERT INTO "auth_permission" VALUES(11,3,'delete_group','Can delete group');
INSERT INTO "auth_permission" VALUES(12,3,'view_group','Can view group');
INSERT INTO "auth_permission" VALUES(13,4,'add_user','Can add user');
INSERT INTO "auth_permission" VALUES(14,4,'change_user','Can change user');
INSERT INTO "auth_permission" VALUES(15,4,'delete_user','Can delete user');
INSERT INTO "auth_permission" VALUES(16,4,'view_user','Can view user');
INSERT INTO "auth_permission" VALUES(17,5,'add_contenttype','Can add content type');
INSERT INTO "auth_permission" VALUES(18,5,'change_contenttype','Can change content type');
INSERT INTO "auth_permission" VALUES(19,5,'delete_contenttype','Can delete content type');
INSERT INTO "auth_permission" VALUES(20,5,'view_contenttype','Can view content type');
INSERT INTO "auth_permission" VALUES(21,6,'add_session','Can add session');
INSERT INTO "auth_permission" VALUES(22,6,'change_session','Can change session');
INSERT INTO "auth_permission" VALUES(23,6,'delete_session','Can delete session');
INSERT INTO "auth_permission" VALUES(24,6,'view_session','Can view session');
INSERT INTO "auth_permission" VALUES(25,7,'add_dbtaskresult','Can add Task Result');
INSERT INTO "auth_permission" VALUES(26,7,'change_dbtaskresult','Can change Task Result');
INSERT INTO "auth_permission" VALUES(27,7,'delete_dbtaskresult','Can delete Task Result');
INSERT INTO "auth_permission" VALUES(28,7,'view_dbtaskresult','Can view Task Result');
INSERT INTO "auth_permission" VALUES(29,8,'add_accessattempt','Can add access attempt');
INSERT INTO "auth_permission" VALUES(30,8,'change_accessattempt','Can change access attempt');
INSERT INTO "auth_permission" VALUES(31,8,'delete_accessattempt','Can delete access attempt');
INSERT INTO "auth_permission" VALUES(32,8,'view_accessattempt','Can view access attempt');
INSERT INTO "auth_permission" VALUES(33,9,'add_accesslog','Can add access log');
INSERT INTO "auth_permission" VALUES(34,9,'change_accesslog','Can change access log');
INSERT INTO "auth_permission" VALUES(35,9,'delete_accesslog','Can delete access log');
INSERT INTO "auth_permission" VALUES(36,9,'view_accesslog','Can view access log');
INSERT INTO "auth_permission" VALUES(37,10,'add_accessfailurelog','Can add access failure');
INSERT INTO "auth_permission" VALUES(38,10,'change_accessfailurelog','Can change access failure');
INSERT INTO "auth_permission" VALUES(39,10,'delete_accessfailurelog','Can delete access failure');
INSERT INTO "auth_permission" VALUES(40,10,'view_accessfailurelog','Can view access failure');
INSERT INTO "auth_permission" VALUES(41,11,'add_accessattemptexpiration','Can add access attempt expiration');
INSERT INTO "auth_permission" VALUES(42,11,'change_accessattemptexpiration','Can change access attempt expiration');
INSERT INTO "auth_permission" VALUES(43,11,'delete_accessattemptexpiration','Can delete access attempt expiration');
INSERT INTO "auth_permission" VALUES(44,11,'view_accessattemptexpiration','Can view access attempt expiration');
INSERT INTO "auth_permission" VALUES(45,12,'add_learningpath','Can add learning path');
INSERT INTO "auth_permission" VALUES(46,12,'change_learningpath','Can change learning path');
INSERT INTO "auth_permission" VALUES(47,12,'delete_learningpath','Can delete learning path');
INSERT INTO "auth_permission" VALUES(48,12,'view_learningpath','Can view learning path');
INSERT INTO "auth_permission" VALUES(49,13,'add_scenario','Can add scenario');
INSERT INTO "auth_permission" VALUES(50,13,'change_scenario','Can change scenario');
INSERT INTO "auth_permission" VALUES(51,13,'delete_scenario','Can delete scenario');
INSERT INTO "auth_permission" VALUES(52,13,'view_scenario','Can view scenario');
INSERT INTO "auth_permission" VALUES(53,14,'add_document','Can add document');
INSERT INTO "auth_permission" VALUES(54,14,'change_document','Can change document');
INSERT INTO "auth_permission" VALUES(55,14,'delete_document','Can delete document');
INSERT INTO "auth_permission" VALUES(56,14,'view_document','Can view document');
INSERT INTO "auth_permission" VALUES(57,14,'manage_content','Training admin: author documents, learning paths and scenarios');
INSERT INTO "auth_permission" VALUES(58,15,'add_documentversion','Can add document version');
INSERT INTO "auth_permission" VALUES(59,15,'change_documentversion','Can change document version');
INSERT INTO "auth_permission" VALUES(60,15,'delete_documentversion','Can delete document version');
INSERT INTO "auth_permission" VALUES(61,15,'view_documentversion','Can view document version');
INSERT INTO "auth_permission" VALUES(62,16,'add_learningpathitem','Can add learning path item');
INSERT INTO "auth_permission" VALUES(63,16,'change_learningpathitem','Can change learning path item');
INSERT INTO "auth_permission" VALUES(64,16,'delete_learningpathitem','Can delete learning path item');
INSERT INTO "auth_permission" VALUES(65,16,'view_learningpathitem','Can view learning path item');
INSERT INTO "auth_permission" VALUES(66,17,'add_readacknowledgement','Can add read acknowledgement');
INSERT INTO "auth_permission" VALUES(67,17,'change_readacknowledgement','Can change read acknowledgement');
INSERT INTO "auth_permission" VALUES(68,17,'delete_readacknowledgement','Can delete read acknowledgement');
INSERT INTO "auth_permission" VALUES(69,17,'view_readacknowledgement','Can view read acknowledgement');
INSERT INTO "auth_permission" VALUES(70,18,'add_scenariolink','Can add scenario link');
INSERT INTO "auth_permission" VALUES(71,18,'change_scenariolink','Can change scenario link');
INSERT INTO "auth_permission" VALUES(72,18,'delete_scenariolink','Can delete scenario link');
INSERT INTO "auth_permission" VALUES(73,18,'view_scenariolink','Can view scenario link');
INSERT INTO "auth_permission" VALUES(74,19,'add_category','Can add category');
INSERT INTO "auth_permission" VALUES(75,19,'change_category','Can change category');
INSERT INTO "auth_permission" VALUES(76,19,'delete_category','Can delete category');
INSERT INTO "auth_permission" VALUES(77,19,'view_category','Can view category');
INSERT INTO "auth_permission" VALUES(78,20,'add_questionbank','Can add question bank');
INSERT INTO "auth_permission" VALUES(79,20,'change_questionbank','Can change question bank');
INSERT INTO "auth_permission" VALUES(80,20,'delete_questionbank','Can delete question bank');
INSERT INTO "auth_permission" VALUES(81,20,'view_questionbank','Can view question bank');
INSERT INTO "auth_permission" VALUES(82,21,'add_question','Can add question');
INSERT INTO "auth_permission" VALUES(83,21,'change_question','Can change question');
INSERT INTO "auth_permission" VALUES(84,21,'delete_question','Can delete question');
INSERT INTO "auth_permission" VALUES(85,21,'view_question','Can view question');
INSERT INTO "auth_permission" VALUES(86,22,'add_quiz','Can add quiz');
INSERT INTO "auth_permission" VALUES(87,22,'change_quiz','Can change quiz');
INSERT INTO "auth_permission" VALUES(88,22,'delete_quiz','Can delete quiz');
INSERT INTO "auth_permission" VALUES(89,22,'view_quiz','Can view quiz');
INSERT INTO "auth_permission" VALUES(90,22,'manage_assessments','Training admin: author question banks and quizzes, see item statistics');
INSERT INTO "auth_permission" VALUES(91,23,'add_attempt','Can add attempt');
INSERT INTO "auth_permission" VALUES(92,23,'change_attempt','Can change attempt');
INSERT INTO "auth_permission" VALUES(93,23,'delete_attempt','Can delete attempt');
INSERT INTO "auth_permission" VALUES(94,23,'view_attempt','Can view attempt');
INSERT INTO "auth_permission" VALUES(95,24,'add_quizdraw','Can add quiz draw');
INSERT INTO "auth_permission" VALUES(96,24,'change_quizdraw','Can change quiz draw');
INSERT INTO "auth_permission" VALUES(97,24,'delete_quizdraw','Can delete quiz draw');
INSERT INTO "auth_permission" VALUES(98,24,'view_quizdraw','Can view quiz draw');
INSERT INTO "auth_permission" VALUES(99,25,'add_quizquestion','Can add quiz question');
INSERT INTO "auth_permission" VALUES(100,25,'change_quizquestion','Can change quiz question');
INSERT INTO "auth_permission" VALUES(101,25,'delete_quizquestion','Can delete quiz question');
INSERT INTO "auth_permission" VALUES(102,25,'view_quizquestion','Can view quiz question');
INSERT INTO "auth_permission" VALUES(103,26,'add_response','Can add response');
INSERT INTO "auth_permission" VALUES(104,26,'change_response','Can change response');
INSERT INTO "auth_permission" VALUES(105,26,'delete_response','Can delete response');
INSERT INTO "auth_permission" VALUES(106,26,'view_response','Can view response');
INSERT INTO "auth_permission" VALUES(107,27,'add_rubriccriterion','Can add rubric criterion');
INSERT INTO "auth_permission" VALUES(108,27,'change_rubriccriterion','Can change rubric criterion');
INSERT INTO "auth_permission" VALUES(109,27,'delete_rubriccriterion','Can delete rubric criterion');
INSERT INTO "auth_permission" VALUES(110,27,'view_rubriccriterion','Can view rubric criterion');
INSERT INTO "auth_permission" VALUES(111,28,'add_criterionscore','Can add criterion score');
INSERT INTO "auth_permission" VALUES(112,28,'change_criterionscore','Can change criterion score');
INSERT INTO "auth_permission" VALUES(113,28,'delete_criterionscore','Can delete criterion score');
INSERT INTO "auth_permission" VALUES(114,28,'view_criterionscore','Can view criterion score');
INSERT INTO "auth_permission" VALUES(115,29,'add_choice','Can add choice');
INSERT INTO "auth_permission" VALUES(116,29,'change_choice','Can change choice');
INSERT INTO "auth_permission" VALUES(117,29,'delete_choice','Can delete choice');
INSERT INTO "auth_permission" VALUES(118,29,'view_choice','Can view choice');
INSERT INTO "auth_permission" VALUES(119,30,'add_exercise','Can add exercise');
INSERT INTO "auth_permission" VALUES(120,30,'change_exercise','Can change exercise');
INSERT INTO "auth_permission" VALUES(121,30,'delete_exercise','Can delete exercise');
INSERT INTO "auth_permission" VALUES(122,30,'view_exercise','Can view exercise');
INSERT INTO "auth_permission" VALUES(123,31,'add_stage','Can add stage');
INSERT INTO "auth_permission" VALUES(124,31,'change_stage','Can change stage');
INSERT INTO "auth_permission" VALUES(125,31,'delete_stage','Can delete stage');
INSERT INTO "auth_permission" VALUES(126,31,'view_stage','Can view stage');
INSERT INTO "auth_permission" VALUES(127,32,'add_enrollment','Can add enrollment');
INSERT INTO "auth_permission" VALUES(128,32,'change_enrollment','Can change enrollment');
INSERT INTO "auth_permission" VALUES(129,32,'delete_enrollment','Can delete enrollment');
INSERT INTO "auth_permission" VALUES(130,32,'view_enrollment','Can view enrollment');
INSERT INTO "auth_permission" VALUES(131,33,'add_shadowshift','Can add shadow shift');
INSERT INTO "auth_permission" VALUES(132,33,'change_shadowshift','Can change shadow shift');
INSERT INTO "auth_permission" VALUES(133,33,'delete_shadowshift','Can delete shadow shift');
INSERT INTO "auth_permission" VALUES(134,33,'view_shadowshift','Can view shadow shift');
INSERT INTO "auth_permission" VALUES(135,34,'add_shadowincident','Can add shadow incident');
INSERT INTO "auth_permission" VALUES(136,34,'change_shadowincident','Can change shadow incident');
INSERT INTO "auth_permission" VALUES(137,34,'delete_shadowincident','Can delete shadow incident');
INSERT INTO "auth_permission" VALUES(138,34,'view_shadowincident','Can view shadow incident');
INSERT INTO "auth_permission" VALUES(139,35,'add_step','Can add step');
INSERT INTO "auth_permission" VALUES(140,35,'change_step','Can change step');
INSERT INTO "auth_permission" VALUES(141,35,'delete_step','Can delete step');
INSERT INTO "auth_permission" VALUES(142,35,'view_step','Can view step');
INSERT INTO "auth_permission" VALUES(143,36,'add_stepprogress','Can add step progress');
INSERT INTO "auth_permission" VALUES(144,36,'change_stepprogress','Can change step progress');
INSERT INTO "auth_permission" VALUES(145,36,'delete_stepprogress','Can delete step progress');
INSERT INTO "auth_permission" VALUES(146,36,'view_stepprogress','Can view step progress');
INSERT INTO "auth_permission" VALUES(147,37,'add_exerciselog','Can add exercise log');
INSERT INTO "auth_permission" VALUES(148,37,'change_exerciselog','Can change exercise log');
INSERT INTO "auth_permission" VALUES(149,37,'delete_exerciselog','Can delete exercise log');
INSERT INTO "auth_permission" VALUES(150,37,'view_exerciselog','Can view exercise log');
INSERT INTO "auth_permission" VALUES(151,38,'add_team','Can add team');
INSERT INTO "auth_permission" VALUES(152,38,'change_team','Can change team');
INSERT INTO "auth_permission" VALUES(153,38,'delete_team','Can delete team');
INSERT INTO "auth_permission" VALUES(154,38,'view_team','Can view team');
INSERT INTO "auth_permission" VALUES(155,38,'manage_training','Training admin: author content, tracks and quizzes, see every report');
INSERT INTO "auth_permission" VALUES(156,39,'add_track','Can add track');
INSERT INTO "auth_permission" VALUES(157,39,'change_track','Can change track');
INSERT INTO "auth_permission" VALUES(158,39,'delete_track','Can delete track');
INSERT INTO "auth_permission" VALUES(159,39,'view_track','Can view track');
INSERT INTO "auth_permission" VALUES(160,40,'add_readinesscheck','Can add readiness check');
INSERT INTO "auth_permission" VALUES(161,40,'change_readinesscheck','Can change readiness check');
INSERT INTO "auth_permission" VALUES(162,40,'delete_readinesscheck','Can delete readiness check');
INSERT INTO "auth_permission" VALUES(163,40,'view_readinesscheck','Can view readiness check');
INSERT INTO "auth_permission" VALUES(164,41,'add_signoff','Can add sign off');
INSERT INTO "auth_permission" VALUES(165,41,'change_signoff','Can change sign off');
INSERT INTO "auth_permission" VALUES(166,41,'delete_signoff','Can delete sign off');
INSERT INTO "auth_permission" VALUES(167,41,'view_signoff','Can view sign off');
INSERT INTO "auth_permission" VALUES(168,42,'add_certificate','Can add certificate');
INSERT INTO "auth_permission" VALUES(169,42,'change_certificate','Can change certificate');
INSERT INTO "auth_permission" VALUES(170,42,'delete_certificate','Can delete certificate');
INSERT INTO "auth_permission" VALUES(171,42,'view_certificate','Can view certificate');
INSERT INTO "auth_permission" VALUES(172,43,'add_exportjob','Can add export job');
INSERT INTO "auth_permission" VALUES(173,43,'change_exportjob','Can change export job');
INSERT INTO "auth_permission" VALUES(174,43,'delete_exportjob','Can delete export job');
INSERT INTO "auth_permission" VALUES(175,43,'view_exportjob','Can view export job');
INSERT INTO "auth_permission" VALUES(176,44,'add_usersession','Can add user session');
INSERT INTO "auth_permission" VALUES(177,44,'change_usersession','Can change user session');
INSERT INTO "auth_permission" VALUES(178,44,'delete_usersession','Can delete user session');
INSERT INTO "auth_permission" VALUES(179,44,'view_usersession','Can view user session');
INSERT INTO "auth_permission" VALUES(180,45,'add_calendarfeed','Can add calendar feed');
INSERT INTO "auth_permission" VALUES(181,45,'change_calendarfeed','Can change calendar feed');
INSERT INTO "auth_permission" VALUES(182,45,'delete_calendarfeed','Can delete calendar feed');
INSERT INTO "auth_permission" VALUES(183,45,'view_calendarfeed','Can view calendar feed');
INSERT INTO "auth_permission" VALUES(184,46,'add_certificationreview','Can add certification review');
INSERT INTO "auth_permission" VALUES(185,46,'change_certificationreview','Can change certification review');
INSERT INTO "auth_permission" VALUES(186,46,'delete_certificationreview','Can delete certification review');
INSERT INTO "auth_permission" VALUES(187,46,'view_certificationreview','Can view certification review');
INSERT INTO "auth_permission" VALUES(188,47,'add_reminderlog','Can add reminder log');
INSERT INTO "auth_permission" VALUES(189,47,'change_reminderlog','Can change reminder log');
INSERT INTO "auth_permission" VALUES(190,47,'delete_reminderlog','Can delete reminder log');
INSERT INTO "auth_permission" VALUES(191,47,'view_reminderlog','Can view reminder log');
INSERT INTO "auth_permission" VALUES(192,48,'add_rereaditem','Can add re read item');
INSERT INTO "auth_permission" VALUES(193,48,'change_rereaditem','Can change re read item');
INSERT INTO "auth_permission" VALUES(194,48,'delete_rereaditem','Can delete re read item');
INSERT INTO "auth_permission" VALUES(195,48,'view_rereaditem','Can view re read item');
INSERT INTO "auth_permission" VALUES(196,49,'add_auditevent','Can add audit event');
INSERT INTO "auth_permission" VALUES(197,49,'change_auditevent','Can change audit event');
INSERT INTO "auth_permission" VALUES(198,49,'delete_auditevent','Can delete audit event');
INSERT INTO "auth_permission" VALUES(199,49,'view_auditevent','Can view audit event');
CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL);
INSERT INTO "auth_user" VALUES(1,'argon2$argon2id$v=19$m=102400,t=2,p=8$d1BmV1doMXZVYlpsM2lOdmFHTnNMaA$POlw42UKpGZpl0AkhAe9nSCgrSzllEHhNDNY3o0ejkA',NULL,1,'admin','Admin','admin@shiftready.example',1,1,'2026-11-29 22:05:00.643321','Ada');
INSERT INTO "auth_user" VALUES(2,'argon2$argon2id$v=19$m=102400,t=2,p=8$OVA1am5oaXhjUDc1dWs4NFhiOEhhVg$zG/NdcMuuFXd+w0ZjO8cl4+3VulR8sl4HcVddd237A8',NULL,0,'manager','Reyes','manager@shiftready.example',0,1,'2026-11-29 22:05:00.827789','Morgan');
INSERT INTO "auth_user" VALUES(3,'argon2$argon2id$v=19$m=102400,t=2,p=8$VHZUWVp5ckpSVXcwREdpY1g2UkdHeg$wE9bOmZHo8QrMUSAHJoD+rZTJzj9dpFGDero/HXtJOs',NULL,0,'mentor','Tanaka','mentor@shiftready.example',0,1,'2026-11-29 22:05:00.994903','Mei');
INSERT INTO "auth_user" VALUES(4,'argon2$argon2id$v=19$m=102400,t=2,p=8$N1JHSlNIUmNGbFd0ZzhweUdPeWlLdA$oW1DQQpKO2C6tLSixMG+zY72Ap3OfA5Q8sp+N6gqtKI',NULL,0,'host','Lindqvist','host@shiftready.example',0,1,'2026-11-29 22:05:01.142828','Hugo');
INSERT INTO "auth_user" VALUES(5,'argon2$argon2id$v=19$m=102400,t=2,p=8$QzZyY0RDR1JFVDNrT0t2QmZSdjlpZQ$gyYlgSErbP3jPlcV+Rn7dNoUIki13driVh+h/56EDOk',NULL,0,'alice','Okafor','alice@shiftready.example',0,1,'2026-11-29 22:05:01.323056','Alice');
INSERT INTO "auth_user" VALUES(6,'argon2$argon2id$v=19$m=102400,t=2,p=8$c1IyN0N4VjZXbUo3Y3pHYzVzYzRmUg$HtXSRgolpLcKcAJ+sUUwIq6WegeacHYPZFZocTsPCQk',NULL,0,'bob','Novak','bob@shiftready.example',0,1,'2026-11-29 22:05:01.475224','Bob');
INSERT INTO "auth_user" VALUES(7,'argon2$argon2id$v=19$m=102400,t=2,p=8$a2w3eEZMZXdyZzJoSVFVSHpPMDd4aA$v5rtBqY3Q6H42v98bcvV8zDVJaedSjMjOktRXmM9jF4',NULL,0,'carol','Haddad','carol@shiftready.example',0,1,'2026-11-29 22:05:01.625828','Carol');
CREATE TABLE "auth_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "auth_user_groups" VALUES(1,1,1);
CREATE TABLE "auth_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "axes_accessattempt" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "get_data" text NOT NULL, "post_data" text NOT NULL, "failures_since_start" integer unsigned NOT NULL CHECK ("failures_since_start" >= 0));
CREATE TABLE "axes_accessattemptexpiration" ("access_attempt_id" integer NOT NULL PRIMARY KEY REFERENCES "axes_accessattempt" ("id") DEFERRABLE INITIALLY DEFERRED, "expires_at" datetime NOT NULL);
CREATE TABLE "axes_accessfailurelog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "locked_out" bool NOT NULL);
CREATE TABLE "axes_accesslog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_agent" varchar(255) NOT NULL, "ip_address" char(39) NULL, "username" varchar(255) NULL, "http_accept" varchar(1025) NOT NULL, "path_info" varchar(255) NOT NULL, "attempt_time" datetime NOT NULL, "logout_time" datetime NULL, "session_hash" varchar(64) NOT NULL);
CREATE TABLE "content_document" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "slug" varchar(120) NOT NULL UNIQUE, "category" varchar(20) NOT NULL, "purpose" text NOT NULL, "body" text NOT NULL, "reading_minutes" integer unsigned NOT NULL CHECK ("reading_minutes" >= 0), "review_cadence" varchar(20) NOT NULL, "last_reviewed" date NULL, "review_due" date NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "owner_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "current_version_id" bigint NULL REFERENCES "content_documentversion" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "content_document_slug_not_empty" CHECK (NOT ("slug" = '')), CONSTRAINT "content_document_title_not_empty" CHECK (NOT ("title" = '')), CONSTRAINT "content_document_reading_minutes_positive" CHECK ("reading_minutes" >= 1));
INSERT INTO "content_document" VALUES(1,'Incident Response Guide','incident-response-guide','incident_guide','What to do, step by step, for the incidents we have already lived through.','Each scenario lists how it shows, what usually causes it, what to do, and how to know it is
over. Write down every step you take: the timeline is half of the post-incident review.

## Severity Levels

| Severity | Meaning | Respond within | Example |
|---|---|---|---|
| P1 | Customers cannot use the service | 5 minutes | API down |
| P2 | Degraded, workaround exists | 30 minutes | cache down, slow tasks |
| P3 | Minor, no customer impact | next working day | one failing report |

## Scenario 1: Application Service Down

**Shows as** health check failing, 502 from the load balancer. **Usually** a bad deploy or the
database. **Do**: roll back the last deploy if it is less than an hour old; otherwise follow
Tree 1. **Over when** the health check passes for ten minutes.

```bash
kubectl rollout history deployment/api | tail -3
kubectl rollout undo deployment/api
```

## Scenario 2: Connection Pool Exhausted

**Shows as** timeouts and `too many clients`. **Do**: end idle transactions (runbook), then find
the code path that left them open. **Over when** active connections stay under 15.

## Scenario 6: High Error Rate

**Shows as** error rate above 2% for five minutes. **Do**: find the first error in time, not the
most frequent one; it is usually the cause and the others its consequences.

## Scenario 7: Task Processing Stalled

**Shows as** queue depth growing, tasks stuck in `running`. **Do**: check consumers, restart
stuck workers, then replay the dead-letter queue once the cause is fixed.

## After the Incident

1. Write the timeline while it is fresh.
2. Hold a blameless review within five working days.
3. Turn every "we were lucky" into a ticket with an owner.',2,'after_incidents','2026-08-14',NULL,'2026-11-29 22:05:01.809941','2026-11-29 22:05:01.817027',1,3);
INSERT INTO "content_document" VALUES(2,'On-Call Procedures','on-call-procedures','on_call','What being on call means here, from the week before your first shift to the handoff.','Being on call means answering pages quickly, not knowing everything. When in doubt, escalate:
nobody has ever been blamed for waking someone up too early.

## Rotation and Expectations

| Severity | Acknowledge within | First update within |
|---|---|---|
| P1 | 5 minutes | 15 minutes |
| P2 | 30 minutes | 1 hour |
| P3 | next working day | when fixed |

Shifts last one week, Monday 10:00 to Monday 10:00, with a primary and a secondary.

## The Week Before

- Check that every login works: VPN, SSH, database, broker, dashboards, paging app.
- Read the decision tree again and run the 30-second health check yourself.
- Shadow the current on-call engineer for at least one evening.

## During the Shift

Start each day with the morning health check from the runbooks. Keep a shift log: what paged,
what you did, what you left open.

## Incident Response Protocol

1. **First 30 seconds**: acknowledge the page so nobody else is paged.
2. **First 5 minutes**: open the incident channel, state the severity, post what you see.
3. **Every 15 minutes** (P1): post an update, even if it is "still investigating".

A first message that works:

```text
[P1] API returning 502 since 14:05 UTC. Investigating; next update 14:25.
Incident lead: <you>. Channel: #inc-2026-xx-api
```

## Escalation

Escalate when a P1 is not mitigated within 30 minutes, when you need a change you are not
allowed to make, or when you simply feel stuck. Call the secondary first, then the team lead.

## Handoff

Hand over in writing: open incidents, anything odd you saw, and what the next person should
watch. Then talk for five minutes.',2,'quarterly','2026-06-15','2026-09-15','2026-11-29 22:05:01.820766','2026-11-29 22:05:01.827452',1,6);
INSERT INTO "content_document" VALUES(3,'Operational Runbooks','operational-runbooks','runbook','Daily, weekly and monthly procedures, and what to do in the first minutes of an emergency.','Follow these procedures as written and note each one in the shift summary. If a step does not
match what you see, stop and ask: the runbook may be out of date, and that is worth a ticket.

## Daily Operations

### Morning Health Check

Run it at the start of every shift; it takes five minutes.

```bash
curl -fsS https://orchestrator.internal/healthz
rabbitmqctl list_queues name messages consumers | sort -k2 -n | tail
psql -c "select state, count(*) from pg_stat_activity group by state;"
redis-cli info memory | grep used_memory_human
```

Everything is healthy when the health check answers `ok`, no queue holds more than 1,000
messages, every queue has consumers, and fewer than 15 database connections are active.

### Agent Verification

Check that each worker type has at least two running consumers and that none restarted more
than three times in the last hour (`kubectl get pods -l app=agent`).

## Weekly Maintenance

### Weekly Error Analysis

Group last week''s failed tasks by error message, open a ticket for anything new, and look at the
dead-letter queue: each message there is a task a customer is still waiting for.

| Task | When | Owner |
|---|---|---|
| Error analysis | Monday | on-call engineer |
| Log rotation check | Tuesday | operations |
| Cache hit-rate review | Wednesday | operations |
| Access review | Friday | team lead |

## Emergency Procedures

1. Acknowledge the page and open an incident channel.
2. Run the morning health check: it tells you which component is unhappy.
3. Go to the matching tree in the troubleshooting decision tree.

### Database Pool Exhaustion

Symptoms: API timeouts, `too many clients` in the logs. Find the longest transactions and end
the ones that are idle in a transaction:

```sql
select pid, now() - xact_start as age, state from pg_stat_activity
where state = ''idle in transaction'' order by age desc;
select pg_terminate_backend(pid) from pg_stat_activity
where state = ''idle in transaction'' and now() - xact_start > interval ''5 minutes'';
```

### Memory Leak

A worker whose memory grows without falling back will be killed by the kernel. Restart it in a
rolling way (`kubectl rollout restart deployment/agent`) and attach the memory graph to a ticket.

## Performance Optimization

Raise the consumer prefetch before adding workers; add workers before scaling the database.
Measure p95 latency before and after every change.',2,'monthly','2026-09-30','2026-10-30','2026-11-29 22:05:01.830769','2026-11-29 22:05:01.838786',1,10);
INSERT INTO "content_document" VALUES(4,'Operations Training Checklist','operations-training-checklist','checklist','The training programme for new operations engineers, week by week, up to the first on-call shift.','Choose a track with your manager, work through it week by week, and ask for sign-off when a
week is done.

## Choosing a Track

| Track | Hours | For |
|---|---|---|
| Fast | 4–5 | experienced SREs new to this system |
| Standard | 6–8 | new team members |
| Comprehensive | 10+ | future on-call leads |

## Week 1: Foundations

- [ ] Read the system architecture training
- [ ] Complete hands-on exercises 1 to 3
- [ ] Run the morning health check with your mentor

## Week 2: Incident Response

- [ ] Read incident scenarios 1 to 7
- [ ] Complete exercises 4 and 5
- [ ] Shadow an on-call engineer for one shift

## Week 3: Before the First Shift

- [ ] Read the on-call procedures
- [ ] Walk through every tree of the decision tree
- [ ] Check every login you will need at night

## Exercise Log

Copy this into your log for every exercise and ask your mentor to verify it:

```text
Exercise:      3 - Inspect message flow
Date:          YYYY-MM-DD
What I did:    ...
What I saw:    ...
Questions:     ...
Verified by:   (mentor)
```

## Final Validation

Pass the knowledge quiz, answer the scenario validation in writing, and get your manager''s
sign-off. Then you are ready for your first on-call shift, with a backup.',1,'quarterly','2026-09-01','2026-12-01','2026-11-29 22:05:01.841973','2026-11-29 22:05:01.846115',1,12);
INSERT INTO "content_document" VALUES(5,'System Architecture Training','system-architecture-training','architecture','How the agent orchestrator is built, how a task travels through it, and where to look when it misbehaves.','Read this before anything else. The runbooks and decision trees assume you can picture the
pieces below and say which one a symptom belongs to.

## System Overview

The orchestrator accepts tasks over HTTP, queues them, and lets a pool of agent workers process
them. Results land in the database; hot reads come from the cache.

```
client ──HTTP──▶ API ──publish──▶ broker (RabbitMQ) ──consume──▶ agent workers
                  │                                               │
                  └──────────── PostgreSQL ◀──── results ─────────┘
                                   ▲
                                 Redis (cache, rate limits)
```

Design principles, in one line each:

- **Asynchronous**: the API never waits for an agent; it answers with a task id.
- **Scalable**: add workers to drain a queue faster; nothing else changes.
- **Reliable**: a message is acknowledged only after its result is stored.
- **Observable**: every component exports health, metrics and structured logs.

## Components

| Component | Technology | Owns | Fails how |
|---|---|---|---|
| API | Node.js (Express) | task intake, status reads | 5xx, timeouts |
| Message broker | RabbitMQ | task queues, retries, dead letters | queue growth, connection refusals |
| Agent workers | containers | task processing | stalled consumers, memory growth |
| Database | PostgreSQL | tasks, results, audit | pool exhaustion, slow queries |
| Cache | Redis | hot reads, rate limits | evictions, stale keys |

### API Layer

Validates the request, writes a `pending` task row, publishes a message and returns `202` with
the task id. It holds no state of its own, so any instance can serve any request.

### Message Broker

One durable queue per task type, a retry queue with a delay, and a dead-letter queue for tasks
that failed too often. Consumers use manual acknowledgements and a prefetch of 10.

### Agent Workers

Each worker consumes one queue, processes a task, writes the result, then acknowledges the
message. A worker that crashes mid-task leaves the message unacknowledged, so the broker hands
it to another worker.

### Database

PostgreSQL with a connection pool of 20 per API instance. Long transactions are the usual
reason the pool runs dry.

### Cache

Redis keeps task status for 60 seconds and the per-client rate limits. If Redis is down the API
reads from the database: slower, but correct.

## Data Flow

1. The client posts a task; the API stores it as `pending` and publishes a message.
2. A worker takes the message and marks the task `running`.
3. On success the worker stores the result, marks the task `done` and acknowledges.
4. On failure the message goes to the retry queue (three attempts, 30 s apart), then to the
   dead-letter queue, and the task is marked `failed`.

## Monitoring

Watch four numbers first: API error rate, p95 latency, queue depth and consumer count. A queue
that grows while consumers stay at zero is the most common page of all.

## Hands-On Exercises

1. Submit a task and follow it until it is `done`.
2. Watch agent activity in the worker logs while you submit ten tasks.
3. Inspect a message in the broker''s management UI.
4. Query the task table for everything that failed today.
5. Find the four numbers above on the metrics dashboard.',3,'yearly','2026-03-02','2027-03-02','2026-11-29 22:05:01.849644','2026-11-29 22:05:01.855741',1,15);
INSERT INTO "content_document" VALUES(6,'Troubleshooting Decision Tree','troubleshooting-decision-tree','decision_tree','Start from the symptom, answer the questions, run the commands, and arrive at a cause.','Print it. Start at the top, answer one question at a time, and do not skip ahead: most long
incidents began with a guess.

## Start Here

Who is affected, since when, and what changed in the last hour (deploys, config, traffic)?
Then pick the tree for the loudest symptom.

| Symptom | Tree |
|---|---|
| Nobody can reach the application | Tree 1 |
| Tasks are accepted but never finish | Tree 2 |
| Errors spike | Tree 3 |
| Everything is slow | Tree 4 |
| Database errors in the logs | Tree 5 |

## Tree 1: API Unavailable

- Does `/healthz` answer? **No** → are the API pods running? **No** → check the last deploy and
  roll back. **Yes** → check the load balancer''s target health.
- **Yes, but 503** → the database is unreachable from the API: go to Tree 5.

## Tree 2: Tasks Not Processed

- Is the queue growing? **No** → tasks are not being published: check API logs for broker
  errors. **Yes** → are there consumers? **No** → restart the workers (Tree 9).
  **Yes** → are they acknowledging? Look for a poison message in the retry queue.

## Tree 3: High Error Rate

- Are errors from one endpoint or all? One → the last deploy of that code path. All → a
  dependency: check broker, database and cache in that order.

## Tree 4: Slow System

- Is the p95 latency high at the API only, or at the database too? Database → look for slow
  queries and locks. API only → CPU throttling or a cold cache.

## Tree 5: Database Problems

- `too many clients` → pool exhaustion, see the runbook. `connection refused` → is PostgreSQL up
  and is its disk full?

## Tree 9: Agent Not Responding

- Are worker pods restarting? Yes → memory leak or crash loop; read the last 100 log lines.
  No → the worker is stuck on one task: find it and restart that pod.

## 30-Second Health Check

```bash
curl -fsS https://orchestrator.internal/healthz && rabbitmqctl list_queues name messages consumers
```',2,'quarterly','2026-10-01','2027-01-01','2026-11-29 22:05:01.859013','2026-11-29 22:05:01.863232',1,17);
CREATE TABLE "content_documentversion" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "major" integer unsigned NOT NULL CHECK ("major" >= 0), "minor" integer unsigned NOT NULL CHECK ("minor" >= 0), "created" date NOT NULL, "change_note" varchar(500) NOT NULL, "title" varchar(200) NOT NULL, "body" text NOT NULL, "body_recorded" bool NOT NULL, "recorded_at" datetime NOT NULL, "document_id" bigint NOT NULL REFERENCES "content_document" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "content_version_number_unique" UNIQUE ("document_id", "major", "minor"), CONSTRAINT "content_version_not_zero" CHECK (("major" >= 1 OR "minor" >= 1)));
INSERT INTO "content_documentversion" VALUES(1,1,0,'2025-10-01','First version','','',0,'2026-11-29 22:05:01.810492',1);
INSERT INTO "content_documentversion" VALUES(2,1,1,'2026-02-03','Scenario 7 added','','',0,'2026-11-29 22:05:01.812809',1);
INSERT INTO "content_documentversion" VALUES(3,2,0,'2026-08-14','Severity levels reworked after the August outage','Incident Response Guide','Each scenario lists how it shows, what usually causes it, what to do, and how to know it is
over. Write down every step you take: the timeline is half of the post-incident review.

## Severity Levels

| Severity | Meaning | Respond within | Example |
|---|---|---|---|
| P1 | Customers cannot use the service | 5 minutes | API down |
| P2 | Degraded, workaround exists | 30 minutes | cache down, slow tasks |
| P3 | Minor, no customer impact | next working day | one failing report |

## Scenario 1: Application Service Down

**Shows as** health check failing, 502 from the load balancer. **Usually** a bad deploy or the
database. **Do**: roll back the last deploy if it is less than an hour old; otherwise follow
Tree 1. **Over when** the health check passes for ten minutes.

```bash
kubectl rollout history deployment/api | tail -3
kubectl rollout undo deployment/api
```

## Scenario 2: Connection Pool Exhausted

**Shows as** timeouts and `too many clients`. **Do**: end idle transactions (runbook), then find
the code path that left them open. **Over when** active connections stay under 15.

## Scenario 6: High Error Rate

**Shows as** error rate above 2% for five minutes. **Do**: find the first error in time, not the
most frequent one; it is usually the cause and the others its consequences.

## Scenario 7: Task Processing Stalled

**Shows as** queue depth growing, tasks stuck in `running`. **Do**: check consumers, restart
stuck workers, then replay the dead-letter queue once the cause is fixed.

## After the Incident

1. Write the timeline while it is fresh.
2. Hold a blameless review within five working days.
3. Turn every "we were lucky" into a ticket with an owner.',1,'2026-11-29 22:05:01.814940',1);
INSERT INTO "content_documentversion" VALUES(4,1,0,'2025-09-15','First version','','',0,'2026-11-29 22:05:01.821177',2);
INSERT INTO "content_documentversion" VALUES(5,1,1,'2026-01-20','Handoff section','','',0,'2026-11-29 22:05:01.823311',2);
INSERT INTO "content_documentversion" VALUES(6,1,2,'2026-06-15','Response targets per severity','On-Call Procedures','Being on call means answering pages quickly, not knowing everything. When in doubt, escalate:
nobody has ever been blamed for waking someone up too early.

## Rotation and Expectations

| Severity | Acknowledge within | First update within |
|---|---|---|
| P1 | 5 minutes | 15 minutes |
| P2 | 30 minutes | 1 hour |
| P3 | next working day | when fixed |

Shifts last one week, Monday 10:00 to Monday 10:00, with a primary and a secondary.

## The Week Before

- Check that every login works: VPN, SSH, database, broker, dashboards, paging app.
- Read the decision tree again and run the 30-second health check yourself.
- Shadow the current on-call engineer for at least one evening.

## During the Shift

Start each day with the morning health check from the runbooks. Keep a shift log: what paged,
what you did, what you left open.

## Incident Response Protocol

1. **First 30 seconds**: acknowledge the page so nobody else is paged.
2. **First 5 minutes**: open the incident channel, state the severity, post what you see.
3. **Every 15 minutes** (P1): post an update, even if it is "still investigating".

A first message that works:

```text
[P1] API returning 502 since 14:05 UTC. Investigating; next update 14:25.
Incident lead: <you>. Channel: #inc-2026-xx-api
```

## Escalation

Escalate when a P1 is not mitigated within 30 minutes, when you need a change you are not
allowed to make, or when you simply feel stuck. Call the secondary first, then the team lead.

## Handoff

Hand over in writing: open incidents, anything odd you saw, and what the next person should
watch. Then talk for five minutes.',1,'2026-11-29 22:05:01.825344',2);
INSERT INTO "content_documentversion" VALUES(7,1,0,'2025-09-01','First version','','',0,'2026-11-29 22:05:01.831093',3);
INSERT INTO "content_documentversion" VALUES(8,1,1,'2026-02-10','Agent verification steps','','',0,'2026-11-29 22:05:01.832971',3);
INSERT INTO "content_documentversion" VALUES(9,1,2,'2026-06-02','New pool exhaustion queries','','',0,'2026-11-29 22:05:01.834940',3);
INSERT INTO "content_documentversion" VALUES(10,1,3,'2026-09-30','Added the weekly task table','Operational Runbooks','Follow these procedures as written and note each one in the shift summary. If a step does not
match what you see, stop and ask: the runbook may be out of date, and that is worth a ticket.

## Daily Operations

### Morning Health Check

Run it at the start of every shift; it takes five minutes.

```bash
curl -fsS https://orchestrator.internal/healthz
rabbitmqctl list_queues name messages consumers | sort -k2 -n | tail
psql -c "select state, count(*) from pg_stat_activity group by state;"
redis-cli info memory | grep used_memory_human
```

Everything is healthy when the health check answers `ok`, no queue holds more than 1,000
messages, every queue has consumers, and fewer than 15 database connections are active.

### Agent Verification

Check that each worker type has at least two running consumers and that none restarted more
than three times in the last hour (`kubectl get pods -l app=agent`).

## Weekly Maintenance

### Weekly Error Analysis

Group last week''s failed tasks by error message, open a ticket for anything new, and look at the
dead-letter queue: each message there is a task a customer is still waiting for.

| Task | When | Owner |
|---|---|---|
| Error analysis | Monday | on-call engineer |
| Log rotation check | Tuesday | operations |
| Cache hit-rate review | Wednesday | operations |
| Access review | Friday | team lead |

## Emergency Procedures

1. Acknowledge the page and open an incident channel.
2. Run the morning health check: it tells you which component is unhappy.
3. Go to the matching tree in the troubleshooting decision tree.

### Database Pool Exhaustion

Symptoms: API timeouts, `too many clients` in the logs. Find the longest transactions and end
the ones that are idle in a transaction:

```sql
select pid, now() - xact_start as age, state from pg_stat_activity
where state = ''idle in transaction'' order by age desc;
select pg_terminate_backend(pid) from pg_stat_activity
where state = ''idle in transaction'' and now() - xact_start > interval ''5 minutes'';
```

### Memory Leak

A worker whose memory grows without falling back will be killed by the kernel. Restart it in a
rolling way (`kubectl rollout restart deployment/agent`) and attach the memory graph to a ticket.

## Performance Optimization

Raise the consumer prefetch before adding workers; add workers before scaling the database.
Measure p95 latency before and after every change.',1,'2026-11-29 22:05:01.836857',3);
INSERT INTO "content_documentversion" VALUES(11,1,0,'2026-05-04','First version','','',0,'2026-11-29 22:05:01.842300',4);
INSERT INTO "content_documentversion" VALUES(12,1,1,'2026-09-01','Week 3 checks added','Operations Training Checklist','Choose a track with your manager, work through it week by week, and ask for sign-off when a
week is done.

## Choosing a Track

| Track | Hours | For |
|---|---|---|
| Fast | 4–5 | experienced SREs new to this system |
| Standard | 6–8 | new team members |
| Comprehensive | 10+ | future on-call leads |

## Week 1: Foundations

- [ ] Read the system architecture training
- [ ] Complete hands-on exercises 1 to 3
- [ ] Run the morning health check with your mentor

## Week 2: Incident Response

- [ ] Read incident scenarios 1 to 7
- [ ] Complete exercises 4 and 5
- [ ] Shadow an on-call engineer for one shift

## Week 3: Before the First Shift

- [ ] Read the on-call procedures
- [ ] Walk through every tree of the decision tree
- [ ] Check every login you will need at night

## Exercise Log

Copy this into your log for every exercise and ask your mentor to verify it:

```text
Exercise:      3 - Inspect message flow
Date:          YYYY-MM-DD
What I did:    ...
What I saw:    ...
Questions:     ...
Verified by:   (mentor)
```

## Final Validation

Pass the knowledge quiz, answer the scenario validation in writing, and get your manager''s
sign-off. Then you are ready for your first on-call shift, with a backup.',1,'2026-11-29 22:05:01.844222',4);
INSERT INTO "content_documentversion" VALUES(13,1,0,'2025-09-01','First version','','',0,'2026-11-29 22:05:01.849947',5);
INSERT INTO "content_documentversion" VALUES(14,2,0,'2026-01-12','Rewritten for the retry and dead-letter queues','','',0,'2026-11-29 22:05:01.851936',5);
INSERT INTO "content_documentversion" VALUES(15,2,1,'2026-03-02','Added the cache fallback behaviour','System Architecture Training','Read this before anything else. The runbooks and decision trees assume you can picture the
pieces below and say which one a symptom belongs to.

## System Overview

The orchestrator accepts tasks over HTTP, queues them, and lets a pool of agent workers process
them. Results land in the database; hot reads come from the cache.

```
client ──HTTP──▶ API ──publish──▶ broker (RabbitMQ) ──consume──▶ agent workers
                  │                                               │
                  └──────────── PostgreSQL ◀──── results ─────────┘
                                   ▲
                                 Redis (cache, rate limits)
```

Design principles, in one line each:

- **Asynchronous**: the API never waits for an agent; it answers with a task id.
- **Scalable**: add workers to drain a queue faster; nothing else changes.
- **Reliable**: a message is acknowledged only after its result is stored.
- **Observable**: every component exports health, metrics and structured logs.

## Components

| Component | Technology | Owns | Fails how |
|---|---|---|---|
| API | Node.js (Express) | task intake, status reads | 5xx, timeouts |
| Message broker | RabbitMQ | task queues, retries, dead letters | queue growth, connection refusals |
| Agent workers | containers | task processing | stalled consumers, memory growth |
| Database | PostgreSQL | tasks, results, audit | pool exhaustion, slow queries |
| Cache | Redis | hot reads, rate limits | evictions, stale keys |

### API Layer

Validates the request, writes a `pending` task row, publishes a message and returns `202` with
the task id. It holds no state of its own, so any instance can serve any request.

### Message Broker

One durable queue per task type, a retry queue with a delay, and a dead-letter queue for tasks
that failed too often. Consumers use manual acknowledgements and a prefetch of 10.

### Agent Workers

Each worker consumes one queue, processes a task, writes the result, then acknowledges the
message. A worker that crashes mid-task leaves the message unacknowledged, so the broker hands
it to another worker.

### Database

PostgreSQL with a connection pool of 20 per API instance. Long transactions are the usual
reason the pool runs dry.

### Cache

Redis keeps task status for 60 seconds and the per-client rate limits. If Redis is down the API
reads from the database: slower, but correct.

## Data Flow

1. The client posts a task; the API stores it as `pending` and publishes a message.
2. A worker takes the message and marks the task `running`.
3. On success the worker stores the result, marks the task `done` and acknowledges.
4. On failure the message goes to the retry queue (three attempts, 30 s apart), then to the
   dead-letter queue, and the task is marked `failed`.

## Monitoring

Watch four numbers first: API error rate, p95 latency, queue depth and consumer count. A queue
that grows while consumers stay at zero is the most common page of all.

## Hands-On Exercises

1. Submit a task and follow it until it is `done`.
2. Watch agent activity in the worker logs while you submit ten tasks.
3. Inspect a message in the broker''s management UI.
4. Query the task table for everything that failed today.
5. Find the four numbers above on the metrics dashboard.',1,'2026-11-29 22:05:01.853700',5);
INSERT INTO "content_documentversion" VALUES(16,1,0,'2026-04-20','First version','','',0,'2026-11-29 22:05:01.859360',6);
INSERT INTO "content_documentversion" VALUES(17,1,1,'2026-10-01','Tree 9 added','Troubleshooting Decision Tree','Print it. Start at the top, answer one question at a time, and do not skip ahead: most long
incidents began with a guess.

## Start Here

Who is affected, since when, and what changed in the last hour (deploys, config, traffic)?
Then pick the tree for the loudest symptom.

| Symptom | Tree |
|---|---|
| Nobody can reach the application | Tree 1 |
| Tasks are accepted but never finish | Tree 2 |
| Errors spike | Tree 3 |
| Everything is slow | Tree 4 |
| Database errors in the logs | Tree 5 |

## Tree 1: API Unavailable

- Does `/healthz` answer? **No** → are the API pods running? **No** → check the last deploy and
  roll back. **Yes** → check the load balancer''s target health.
- **Yes, but 503** → the database is unreachable from the API: go to Tree 5.

## Tree 2: Tasks Not Processed

- Is the queue growing? **No** → tasks are not being published: check API logs for broker
  errors. **Yes** → are there consumers? **No** → restart the workers (Tree 9).
  **Yes** → are they acknowledging? Look for a poison message in the retry queue.

## Tree 3: High Error Rate

- Are errors from one endpoint or all? One → the last deploy of that code path. All → a
  dependency: check broker, database and cache in that order.

## Tree 4: Slow System

- Is the p95 latency high at the API only, or at the database too? Database → look for slow
  queries and locks. API only → CPU throttling or a cold cache.

## Tree 5: Database Problems

- `too many clients` → pool exhaustion, see the runbook. `connection refused` → is PostgreSQL up
  and is its disk full?

## Tree 9: Agent Not Responding

- Are worker pods restarting? Yes → memory leak or crash loop; read the last 100 log lines.
  No → the worker is stuck on one task: find it and restart that pod.

## 30-Second Health Check

```bash
curl -fsS https://orchestrator.internal/healthz && rabbitmqctl list_queues name messages consumers
```',1,'2026-11-29 22:05:01.861271',6);
CREATE TABLE "content_learningpath" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "slug" varchar(120) NOT NULL UNIQUE, "role" varchar(30) NOT NULL, "description" text NOT NULL, "position" integer unsigned NOT NULL CHECK ("position" >= 0));
INSERT INTO "content_learningpath" VALUES(1,'New Engineer (first week)','new-engineer','new_engineer','Start here in your first week: the programme, the system, and how to diagnose it.',1);
INSERT INTO "content_learningpath" VALUES(2,'Operations Engineer','operations-engineer','operations_engineer','Your daily references: procedures first, then incidents, then the why.',2);
INSERT INTO "content_learningpath" VALUES(3,'On-Call Engineer (first shift)','on-call-engineer','on_call_engineer','Do this the week before your first shift.',3);
INSERT INTO "content_learningpath" VALUES(4,'Manager/Tech Lead','manager-tech-lead','manager','Know the procedures your team follows and how escalation reaches you.',4);
INSERT INTO "content_learningpath" VALUES(5,'SRE/Architect','sre-architect','sre','The deep dive, then the places to improve.',5);
CREATE TABLE "content_learningpathitem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "section" varchar(200) NOT NULL, "minutes" integer unsigned NOT NULL CHECK ("minutes" >= 0), "note" varchar(300) NOT NULL, "document_id" bigint NOT NULL REFERENCES "content_document" ("id") DEFERRABLE INITIALLY DEFERRED, "path_id" bigint NOT NULL REFERENCES "content_learningpath" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "content_path_item_position_unique" UNIQUE ("path_id", "position"), CONSTRAINT "content_path_item_minutes_positive" CHECK ("minutes" >= 1));
INSERT INTO "content_learningpathitem" VALUES(1,1,'Choosing a Track',15,'',4,1);
INSERT INTO "content_learningpathitem" VALUES(2,2,'',90,'Study it fully, with the exercises.',5,1);
INSERT INTO "content_learningpathitem" VALUES(3,3,'',45,'Print it; you will use it every day.',6,1);
INSERT INTO "content_learningpathitem" VALUES(4,4,'Week 1: Foundations',15,'',4,1);
INSERT INTO "content_learningpathitem" VALUES(5,1,'',60,'Your daily reference.',3,2);
INSERT INTO "content_learningpathitem" VALUES(6,2,'',40,'Bookmark it for incidents.',1,2);
INSERT INTO "content_learningpathitem" VALUES(7,3,'',30,'',6,2);
INSERT INTO "content_learningpathitem" VALUES(8,4,'',60,'',5,2);
INSERT INTO "content_learningpathitem" VALUES(9,5,'',30,'',2,2);
INSERT INTO "content_learningpathitem" VALUES(10,1,'',45,'Read this first.',2,3);
INSERT INTO "content_learningpathitem" VALUES(11,2,'',45,'',6,3);
INSERT INTO "content_learningpathitem" VALUES(12,3,'',40,'',1,3);
INSERT INTO "content_learningpathitem" VALUES(13,4,'Emergency Procedures',20,'',3,3);
INSERT INTO "content_learningpathitem" VALUES(14,1,'',40,'',3,4);
INSERT INTO "content_learningpathitem" VALUES(15,2,'',30,'',1,4);
INSERT INTO "content_learningpathitem" VALUES(16,3,'Escalation',10,'',2,4);
INSERT INTO "content_learningpathitem" VALUES(17,4,'',20,'What your team learns.',4,4);
INSERT INTO "content_learningpathitem" VALUES(18,1,'',120,'All sections.',5,5);
INSERT INTO "content_learningpathitem" VALUES(19,2,'Performance Optimization',20,'',3,5);
INSERT INTO "content_learningpathitem" VALUES(20,3,'',60,'All scenarios and the review process.',1,5);
INSERT INTO "content_learningpathitem" VALUES(21,4,'Escalation',15,'',2,5);
CREATE TABLE "content_readacknowledgement" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "acknowledged_at" datetime NOT NULL, "document_id" bigint NOT NULL REFERENCES "content_document" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "version_id" bigint NOT NULL REFERENCES "content_documentversion" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "content_ack_once_per_version" UNIQUE ("user_id", "version_id"));
INSERT INTO "content_readacknowledgement" VALUES(1,'2026-11-29 22:05:02.634369',5,6,15);
INSERT INTO "content_readacknowledgement" VALUES(2,'2026-11-29 22:05:02.649736',6,6,17);
CREATE TABLE "content_scenario" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "symptom" varchar(200) NOT NULL UNIQUE, "slug" varchar(120) NOT NULL UNIQUE, "description" text NOT NULL);
INSERT INTO "content_scenario" VALUES(1,'Application isn''t responding','application-not-responding','');
INSERT INTO "content_scenario" VALUES(2,'Tasks not being processed','tasks-not-processed','');
INSERT INTO "content_scenario" VALUES(3,'Getting too many errors','too-many-errors','');
INSERT INTO "content_scenario" VALUES(4,'System is slow','system-slow','');
INSERT INTO "content_scenario" VALUES(5,'Can''t connect to database','database-connection','');
INSERT INTO "content_scenario" VALUES(6,'Agent not responding','agent-not-responding','');
INSERT INTO "content_scenario" VALUES(7,'Running out of resources','running-out-of-resources','');
INSERT INTO "content_scenario" VALUES(8,'Incident just happened','incident-just-happened','');
INSERT INTO "content_scenario" VALUES(9,'Preparing for on-call','preparing-for-on-call','');
INSERT INTO "content_scenario" VALUES(10,'Learning the system','learning-the-system','');
CREATE TABLE "content_scenariolink" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "position" integer unsigned NOT NULL CHECK ("position" >= 0), "section" varchar(200) NOT NULL, "note" varchar(300) NOT NULL, "document_id" bigint NOT NULL REFERENCES "content_document" ("id") DEFERRABLE INITIALLY DEFERRED, "scenario_id" bigint NOT NULL REFERENCES "content_scenario" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "content_scenario_link_position_unique" UNIQUE ("scenario_id", "position"));
INSERT INTO "content_scenariolink" VALUES(1,1,'Tree 1: API Unavailable','',6,1);
INSERT INTO "content_scenariolink" VALUES(2,2,'Scenario 1: Application Service Down','',1,1);
INSERT INTO "content_scenariolink" VALUES(3,3,'Morning Health Check','',3,1);
INSERT INTO "content_scenariolink" VALUES(4,1,'Tree 2: Tasks Not Processed','',6,2);
INSERT INTO "content_scenariolink" VALUES(5,2,'Scenario 7: Task Processing Stalled','',1,2);
INSERT INTO "content_scenariolink" VALUES(6,3,'Data Flow','',5,2);
INSERT INTO "content_scenariolink" VALUES(7,1,'Tree 3: High Error Rate','',6,3);
INSERT INTO "content_scenariolink" VALUES(8,2,'Scenario 6: High Error Rate','',1,3);
INSERT INTO "content_scenariolink" VALUES(9,3,'Weekly Error Analysis','',3,3);
INSERT INTO "content_scenariolink" VALUES(10,1,'Tree 4: Slow System','',6,4);
INSERT INTO "content_scenariolink" VALUES(11,2,'Performance Optimization','',3,4);
INSERT INTO "content_scenariolink" VALUES(12,3,'Monitoring','',5,4);
INSERT INTO "content_scenariolink" VALUES(13,1,'Tree 5: Database Problems','',6,5);
INSERT INTO "content_scenariolink" VALUES(14,2,'Scenario 2: Connection Pool Exhausted','',1,5);
INSERT INTO "content_scenariolink" VALUES(15,3,'Database Pool Exhaustion','',3,5);
INSERT INTO "content_scenariolink" VALUES(16,1,'Tree 9: Agent Not Responding','',6,6);
INSERT INTO "content_scenariolink" VALUES(17,2,'Scenario 7: Task Processing Stalled','',1,6);
INSERT INTO "content_scenariolink" VALUES(18,3,'Agent Verification','',3,6);
INSERT INTO "content_scenariolink" VALUES(19,1,'Memory Leak','',3,7);
INSERT INTO "content_scenariolink" VALUES(20,2,'Agent Workers','',5,7);
INSERT INTO "content_scenariolink" VALUES(21,1,'Incident Response Protocol','',2,8);
INSERT INTO "content_scenariolink" VALUES(22,2,'Severity Levels','',1,8);
INSERT INTO "content_scenariolink" VALUES(23,1,'','',2,9);
INSERT INTO "content_scenariolink" VALUES(24,2,'Week 3: Before the First Shift','',4,9);
INSERT INTO "content_scenariolink" VALUES(25,3,'','',6,9);
INSERT INTO "content_scenariolink" VALUES(26,1,'','',5,10);
INSERT INTO "content_scenariolink" VALUES(27,2,'Choosing a Track','',4,10);
INSERT INTO "content_scenariolink" VALUES(28,3,'Hands-On Exercises','',5,10);
CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_time" datetime NOT NULL);
CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
INSERT INTO "django_content_type" VALUES(1,'admin','logentry');
INSERT INTO "django_content_type" VALUES(2,'auth','permission');
INSERT INTO "django_content_type" VALUES(3,'auth','group');
INSERT INTO "django_content_type" VALUES(4,'auth','user');
INSERT INTO "django_content_type" VALUES(5,'contenttypes','contenttype');
INSERT INTO "django_content_type" VALUES(6,'sessions','session');
INSERT INTO "django_content_type" VALUES(7,'django_tasks_database','dbtaskresult');
INSERT INTO "django_content_type" VALUES(8,'axes','accessattempt');
INSERT INTO "django_content_type" VALUES(9,'axes','accesslog');
INSERT INTO "django_content_type" VALUES(10,'axes','accessfailurelog');
INSERT INTO "django_content_type" VALUES(11,'axes','accessattemptexpiration');
INSERT INTO "django_content_type" VALUES(12,'content','learningpath');
INSERT INTO "django_content_type" VALUES(13,'content','scenario');
INSERT INTO "django_content_type" VALUES(14,'content','document');
INSERT INTO "django_content_type" VALUES(15,'content','documentversion');
INSERT INTO "django_content_type" VALUES(16,'content','learningpathitem');
INSERT INTO "django_content_type" VALUES(17,'content','readacknowledgement');
INSERT INTO "django_content_type" VALUES(18,'content','scenariolink');
INSERT INTO "django_content_type" VALUES(19,'assessments','category');
INSERT INTO "django_content_type" VALUES(20,'assessments','questionbank');
INSERT INTO "django_content_type" VALUES(21,'assessments','question');
INSERT INTO "django_content_type" VALUES(22,'assessments','quiz');
INSERT INTO "django_content_type" VALUES(23,'assessments','attempt');
INSERT INTO "django_content_type" VALUES(24,'assessments','quizdraw');
INSERT INTO "django_content_type" VALUES(25,'assessments','quizquestion');
INSERT INTO "django_content_type" VALUES(26,'assessments','response');
INSERT INTO "django_content_type" VALUES(27,'assessments','rubriccriterion');
INSERT INTO "django_content_type" VALUES(28,'assessments','criterionscore');
INSERT INTO "django_content_type" VALUES(29,'assessments','choice');
INSERT INTO "django_content_type" VALUES(30,'training','exercise');
INSERT INTO "django_content_type" VALUES(31,'training','stage');
INSERT INTO "django_content_type" VALUES(32,'training','enrollment');
INSERT INTO "django_content_type" VALUES(33,'training','shadowshift');
INSERT INTO "django_content_type" VALUES(34,'training','shadowincident');
INSERT INTO "django_content_type" VALUES(35,'training','step');
INSERT INTO "django_content_type" VALUES(36,'training','stepprogress');
INSERT INTO "django_content_type" VALUES(37,'training','exerciselog');
INSERT INTO "django_content_type" VALUES(38,'training','team');
INSERT INTO "django_content_type" VALUES(39,'training','track');
INSERT INTO "django_content_type" VALUES(40,'training','readinesscheck');
INSERT INTO "django_content_type" VALUES(41,'training','signoff');
INSERT INTO "django_content_type" VALUES(42,'training','certificate');
INSERT INTO "django_content_type" VALUES(43,'training','exportjob');
INSERT INTO "django_content_type" VALUES(44,'training','usersession');
INSERT INTO "django_content_type" VALUES(45,'training','calendarfeed');
INSERT INTO "django_content_type" VALUES(46,'training','certificationreview');
INSERT INTO "django_content_type" VALUES(47,'training','reminderlog');
INSERT INTO "django_content_type" VALUES(48,'training','rereaditem');
INSERT INTO "django_content_type" VALUES(49,'training','auditevent');
CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);
INSERT INTO "django_migrations" VALUES(1,'contenttypes','0001_initial','2026-11-29 22:04:54.980018');
INSERT INTO "django_migrations" VALUES(2,'auth','0001_initial','2026-11-29 22:04:54.998450');
INSERT INTO "django_migrations" VALUES(3,'admin','0001_initial','2026-11-29 22:04:55.009061');
INSERT INTO "django_migrations" VALUES(4,'admin','0002_logentry_remove_auto_add','2026-11-29 22:04:55.017386');
INSERT INTO "django_migrations" VALUES(5,'admin','0003_logentry_add_action_flag_choices','2026-11-29 22:04:55.024779');
INSERT INTO "django_migrations" VALUES(6,'assessments','0001_initial','2026-11-29 22:04:55.646044');
INSERT INTO "django_migrations" VALUES(7,'contenttypes','0002_remove_content_type_name','2026-11-29 22:04:55.675427');
INSERT INTO "django_migrations" VALUES(8,'auth','0002_alter_permission_name_max_length','2026-11-29 22:04:55.694363');
INSERT INTO "django_migrations" VALUES(9,'auth','0003_alter_user_email_max_length','2026-11-29 22:04:55.710862');
INSERT INTO "django_migrations" VALUES(10,'auth','0004_alter_user_username_opts','2026-11-29 22:04:55.720978');
INSERT INTO "django_migrations" VALUES(11,'auth','0005_alter_user_last_login_null','2026-11-29 22:04:55.733259');
INSERT INTO "django_migrations" VALUES(12,'auth','0006_require_contenttypes_0002','2026-11-29 22:04:55.734252');
INSERT INTO "django_migrations" VALUES(13,'auth','0007_alter_validators_add_error_messages','2026-11-29 22:04:55.742392');
INSERT INTO "django_migrations" VALUES(14,'auth','0008_alter_user_username_max_length','2026-11-29 22:04:55.754061');
INSERT INTO "django_migrations" VALUES(15,'auth','0009_alter_user_last_name_max_length','2026-11-29 22:04:55.768272');
INSERT INTO "django_migrations" VALUES(16,'auth','0010_alter_group_name_max_length','2026-11-29 22:04:55.789721');
INSERT INTO "django_migrations" VALUES(17,'auth','0011_update_proxy_permissions','2026-11-29 22:04:55.802475');
INSERT INTO "django_migrations" VALUES(18,'auth','0012_alter_user_first_name_max_length','2026-11-29 22:04:55.813605');
INSERT INTO "django_migrations" VALUES(19,'axes','0001_initial','2026-11-29 22:04:55.819023');
INSERT INTO "django_migrations" VALUES(20,'axes','0002_auto_20151217_2044','2026-11-29 22:04:55.863432');
INSERT INTO "django_migrations" VALUES(21,'axes','0003_auto_20160322_0929','2026-11-29 22:04:55.878911');
INSERT INTO "django_migrations" VALUES(22,'axes','0004_auto_20181024_1538','2026-11-29 22:04:55.892593');
INSERT INTO "django_migrations" VALUES(23,'axes','0005_remove_accessattempt_trusted','2026-11-29 22:04:55.900557');
INSERT INTO "django_migrations" VALUES(24,'axes','0006_remove_accesslog_trusted','2026-11-29 22:04:55.908172');
INSERT INTO "django_migrations" VALUES(25,'axes','0007_alter_accessattempt_unique_together','2026-11-29 22:04:55.931800');
INSERT INTO "django_migrations" VALUES(26,'axes','0008_accessfailurelog','2026-11-29 22:04:55.934296');
INSERT INTO "django_migrations" VALUES(27,'axes','0009_add_session_hash','2026-11-29 22:04:55.940132');
INSERT INTO "django_migrations" VALUES(28,'axes','0010_accessattemptexpiration','2026-11-29 22:04:55.942854');
INSERT INTO "django_migrations" VALUES(29,'content','0001_initial','2026-11-29 22:04:56.180967');
INSERT INTO "django_migrations" VALUES(30,'django_tasks_database','0001_initial','2026-11-29 22:04:56.183373');
INSERT INTO "django_migrations" VALUES(31,'django_tasks_database','0002_alter_dbtaskresult_options','2026-11-29 22:04:56.185317');
INSERT INTO "django_migrations" VALUES(32,'django_tasks_database','0003_dbtaskresult_enqueued_at_dbtaskresult_finished_at','2026-11-29 22:04:56.193288');
INSERT INTO "django_migrations" VALUES(33,'django_tasks_database','0004_dbtaskresult_started_at','2026-11-29 22:04:56.196138');
INSERT INTO "django_migrations" VALUES(34,'django_tasks_database','0005_alter_dbtaskresult_priority_and_more','2026-11-29 22:04:56.207860');
INSERT INTO "django_migrations" VALUES(35,'django_tasks_database','0006_alter_dbtaskresult_args_kwargs_and_more','2026-11-29 22:04:56.226502');
INSERT INTO "django_migrations" VALUES(36,'django_tasks_database','0007_add_separate_results_fields','2026-11-29 22:04:56.231983');
INSERT INTO "django_migrations" VALUES(37,'django_tasks_database','0008_separate_results_field','2026-11-29 22:04:56.252406');
INSERT INTO "django_migrations" VALUES(38,'django_tasks_database','0009_remove_results_field','2026-11-29 22:04:56.258046');
INSERT INTO "django_migrations" VALUES(39,'django_tasks_database','0010_alter_dbtaskresult_status','2026-11-29 22:04:56.266155');
INSERT INTO "django_migrations" VALUES(40,'django_tasks_database','0011_rename_complete_status','2026-11-29 22:04:56.289974');
INSERT INTO "django_migrations" VALUES(41,'django_tasks_database','0012_add_separate_exception_fields','2026-11-29 22:04:56.303472');
INSERT INTO "django_migrations" VALUES(42,'django_tasks_database','0013_separate_exception_fields','2026-11-29 22:04:56.326140');
INSERT INTO "django_migrations" VALUES(43,'django_tasks_database','0014_remove_dbtaskresult_exception_data','2026-11-29 22:04:56.332080');
INSERT INTO "django_migrations" VALUES(44,'django_tasks_database','0015_correctly_order_run_after','2026-11-29 22:04:56.334403');
INSERT INTO "django_migrations" VALUES(45,'django_tasks_database','0016_remove_dbtaskresult_django_task_new_ordering_idx_and_more','2026-11-29 22:04:56.410586');
INSERT INTO "django_migrations" VALUES(46,'django_tasks_database','0017_dbtaskresult_metadata','2026-11-29 22:04:56.424060');
INSERT INTO "django_migrations" VALUES(47,'django_tasks_database','0018_rename_succeeded_status','2026-11-29 22:04:56.477045');
INSERT INTO "django_migrations" VALUES(48,'django_tasks_database','0019_rename_django_task_new_ordering_idx_tasks_db_new_ordering_idx_and_more','2026-11-29 22:04:56.532103');
INSERT INTO "django_migrations" VALUES(49,'django_tasks_database','0020_update_db_task_result_ordering','2026-11-29 22:04:56.546161');
INSERT INTO "django_migrations" VALUES(50,'django_tasks_database','0021_conditional_partial_index_ordering','2026-11-29 22:04:56.640635');
INSERT INTO "django_migrations" VALUES(51,'sessions','0001_initial','2026-11-29 22:04:56.643920');
INSERT INTO "django_migrations" VALUES(52,'training','0001_initial','2026-11-29 22:04:57.271341');
INSERT INTO "django_migrations" VALUES(53,'training','0002_certificate_exportjob','2026-11-29 22:04:57.340914');
INSERT INTO "django_migrations" VALUES(54,'training','0003_usersession','2026-11-29 22:04:57.484634');
INSERT INTO "django_migrations" VALUES(55,'training','0004_recertification','2026-11-29 22:04:58.194487');
INSERT INTO "django_migrations" VALUES(56,'training','0005_auditevent','2026-11-29 22:04:58.519993');
CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL);
CREATE TABLE "django_tasks_database_dbtaskresult" ("id" char(32) NOT NULL PRIMARY KEY, "args_kwargs" text NOT NULL CHECK ((JSON_VALID("args_kwargs") OR "args_kwargs" IS NULL)), "priority" integer NOT NULL, "task_path" text NOT NULL, "queue_name" varchar(32) NOT NULL, "backend_name" varchar(32) NOT NULL, "run_after" datetime NOT NULL, "enqueued_at" datetime NOT NULL, "finished_at" datetime NULL, "started_at" datetime NULL, "return_value" text NULL CHECK ((JSON_VALID("return_value") OR "return_value" IS NULL)), "exception_class_path" text NOT NULL, "traceback" text NOT NULL, "worker_ids" text NOT NULL CHECK ((JSON_VALID("worker_ids") OR "worker_ids" IS NULL)), "status" varchar(10) NOT NULL, CONSTRAINT "priority_range" CHECK ("priority" BETWEEN -100 AND 100));
INSERT INTO "django_tasks_database_dbtaskresult" VALUES('4cb75290b4b747699567bb3d1a867f56','{"args": [], "kwargs": {"reschedule": true}}',0,'training.tasks.send_reminders_task','default','default','2026-11-30 06:00:00','2026-11-29 22:05:05.688243',NULL,NULL,NULL,'','','[]','READY');
CREATE TABLE "training_auditevent" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "at" datetime NOT NULL, "kind" varchar(12) NOT NULL, "actor_name" varchar(150) NOT NULL, "summary" text NOT NULL, "origin" varchar(80) NOT NULL, "ip" char(39) NULL, "actor_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "signoff_id" bigint NULL UNIQUE REFERENCES "training_signoff" ("id") DEFERRABLE INITIALLY DEFERRED, "subject_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "training_auditevent" VALUES(1,'2026-11-29 22:05:01.776957','role_change','root','group Training admins: permissions added: assessments.manage_assessments, content.manage_content, training.manage_training','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(2,'2026-11-29 22:05:01.778562','role_change','root','user admin: is_staff False → True, is_superuser False → True','command line (load_demo)',NULL,NULL,NULL,1);
INSERT INTO "training_auditevent" VALUES(3,'2026-11-29 22:05:01.782291','role_change','root','admin: groups added: Training admins','command line (load_demo)',NULL,NULL,NULL,1);
INSERT INTO "training_auditevent" VALUES(4,'2026-11-29 22:05:01.784282','role_change','root','team Platform Operations created with manager manager','command line (load_demo)',NULL,NULL,NULL,2);
INSERT INTO "training_auditevent" VALUES(5,'2026-11-29 22:05:01.787753','role_change','root','mentor joined team Platform Operations','command line (load_demo)',NULL,NULL,NULL,3);
INSERT INTO "training_auditevent" VALUES(6,'2026-11-29 22:05:01.788581','role_change','root','host joined team Platform Operations','command line (load_demo)',NULL,NULL,NULL,4);
INSERT INTO "training_auditevent" VALUES(7,'2026-11-29 22:05:01.789284','role_change','root','alice joined team Platform Operations','command line (load_demo)',NULL,NULL,NULL,5);
INSERT INTO "training_auditevent" VALUES(8,'2026-11-29 22:05:01.790025','role_change','root','bob joined team Platform Operations','command line (load_demo)',NULL,NULL,NULL,6);
INSERT INTO "training_auditevent" VALUES(9,'2026-11-29 22:05:01.790746','role_change','root','carol joined team Platform Operations','command line (load_demo)',NULL,NULL,NULL,7);
INSERT INTO "training_auditevent" VALUES(10,'2026-11-29 22:05:01.863655','import','root','document library imported from /tmp/oldtree/content/demo_docs: Imported 6 file(s): 6 created, 0 updated, 0 unchanged.','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(11,'2026-11-29 22:05:02.216186','import','root','GIFT questions imported into the bank “Week 1 Foundations”: 8 question(s)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(12,'2026-11-29 22:05:02.304366','import','root','GIFT questions imported into the bank “Week 2 Incident response”: 8 question(s)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(13,'2026-11-29 22:05:02.370950','import','root','GIFT questions imported into the bank “Week 3 Preparation for first on-call”: 6 question(s)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(14,'2026-11-29 22:05:02.424124','import','root','GIFT questions imported into the bank “Scenario validation”: 4 question(s)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(15,'2026-11-29 22:05:02.442156','import','root','exercise created: Submit and track a task (submit-and-track)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(16,'2026-11-29 22:05:02.444124','import','root','exercise created: Monitor agent activity (monitor-agents)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(17,'2026-11-29 22:05:02.445874','import','root','exercise created: Inspect message flow (inspect-message-flow)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(18,'2026-11-29 22:05:02.447868','import','root','exercise created: Query database state (query-database)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(19,'2026-11-29 22:05:02.449164','import','root','exercise created: Check the metrics dashboard (metrics-dashboard)','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(20,'2026-11-29 22:05:02.465822','import','root','track file imported: Fast track (fast) version 1','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(21,'2026-11-29 22:05:02.486161','import','root','track file imported: Standard track (standard) version 1','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(22,'2026-11-29 22:05:02.505851','import','root','track file imported: Comprehensive track (comprehensive) version 1','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(23,'2026-11-29 22:05:02.520906','import','root','track file imported: Refresh track (refresh) version 1','command line (load_demo)',NULL,NULL,NULL,NULL);
INSERT INTO "training_auditevent" VALUES(24,'2026-11-29 22:05:02.535274','sign_off','manager','Enrolled: enrollment 1','command line (load_demo)',NULL,2,1,NULL);
INSERT INTO "training_auditevent" VALUES(25,'2026-11-29 22:05:02.553762','sign_off','alice','Submitted: enrollment 1','command line (load_demo)',NULL,5,2,NULL);
INSERT INTO "training_auditevent" VALUES(26,'2026-11-29 22:05:02.564091','sign_off','mentor','Verified: enrollment 1','command line (load_demo)',NULL,3,3,NULL);
INSERT INTO "training_auditevent" VALUES(27,'2026-11-29 22:05:02.570513','sign_off','mentor','Completed: enrollment 1','command line (load_demo)',NULL,3,4,NULL);
INSERT INTO "training_auditevent" VALUES(28,'2026-11-29 22:05:02.586953','sign_off','alice','Submitted: enrollment 1','command line (load_demo)',NULL,5,5,NULL);
INSERT INTO "training_auditevent" VALUES(29,'2026-11-29 22:05:02.606298','sign_off','alice','Logged: enrollment 1','command line (load_demo)',NULL,5,6,NULL);
INSERT INTO "training_auditevent" VALUES(30,'2026-11-29 22:05:02.621723','sign_off','manager','Enrolled: enrollment 2','command line (load_demo)',NULL,2,7,NULL);
INSERT INTO "training_auditevent" VALUES(31,'2026-11-29 22:05:02.638554','sign_off','bob','Completed: enrollment 2','command line (load_demo)',NULL,6,8,NULL);
INSERT INTO "training_auditevent" VALUES(32,'2026-11-29 22:05:02.653308','sign_off','bob','Completed: enrollment 2','command line (load_demo)',NULL,6,9,NULL);
INSERT INTO "training_auditevent" VALUES(33,'2026-11-29 22:05:02.666728','sign_off','bob','Submitted: enrollment 2','command line (load_demo)',NULL,6,10,NULL);
INSERT INTO "training_auditevent" VALUES(34,'2026-11-29 22:05:02.676913','sign_off','mentor','Verified: enrollment 2','command line (load_demo)',NULL,3,11,NULL);
INSERT INTO "training_auditevent" VALUES(35,'2026-11-29 22:05:02.682751','sign_off','mentor','Completed: enrollment 2','command line (load_demo)',NULL,3,12,NULL);
INSERT INTO "training_auditevent" VALUES(36,'2026-11-29 22:05:02.693115','sign_off','bob','Submitted: enrollment 2','command line (load_demo)',NULL,6,13,NULL);
INSERT INTO "training_auditevent" VALUES(37,'2026-11-29 22:05:02.702101','sign_off','mentor','Verified: enrollment 2','command line (load_demo)',NULL,3,14,NULL);
INSERT INTO "training_auditevent" VALUES(38,'2026-11-29 22:05:02.707182','sign_off','mentor','Completed: enrollment 2','command line (load_demo)',NULL,3,15,NULL);
INSERT INTO "training_auditevent" VALUES(39,'2026-11-29 22:05:02.787915','sign_off','bob','Completed: enrollment 2','command line (load_demo)',NULL,6,16,NULL);
INSERT INTO "training_auditevent" VALUES(40,'2026-11-29 22:05:02.803897','sign_off','bob','Logged: enrollment 2','command line (load_demo)',NULL,6,17,NULL);
INSERT INTO "training_auditevent" VALUES(41,'2026-11-29 22:05:02.813296','sign_off','host','Confirmed: enrollment 2','command line (load_demo)',NULL,4,18,NULL);
INSERT INTO "training_auditevent" VALUES(42,'2026-11-29 22:05:02.826232','sign_off','bob','Logged: enrollment 2','command line (load_demo)',NULL,6,19,NULL);
INSERT INTO "training_auditevent" VALUES(43,'2026-11-29 22:05:02.835380','sign_off','host','Confirmed: enrollment 2','command line (load_demo)',NULL,4,20,NULL);
INSERT INTO "training_auditevent" VALUES(44,'2026-11-29 22:05:02.842095','sign_off','host','Completed: enrollment 2','command line (load_demo)',NULL,4,21,NULL);
INSERT INTO "training_auditevent" VALUES(45,'2026-11-29 22:05:02.852209','sign_off','bob','Logged: enrollment 2','command line (load_demo)',NULL,6,22,NULL);
INSERT INTO "training_auditevent" VALUES(46,'2026-11-29 22:05:02.860434','sign_off','host','Confirmed: enrollment 2','command line (load_demo)',NULL,4,23,NULL);
INSERT INTO "training_auditevent" VALUES(47,'2026-11-29 22:05:02.868809','sign_off','bob','Completed: enrollment 2','command line (load_demo)',NULL,6,24,NULL);
INSERT INTO "training_auditevent" VALUES(48,'2026-11-29 22:05:02.881874','sign_off','manager','Readiness checklist completed: enrollment 2','command line (load_demo)',NULL,2,25,NULL);
INSERT INTO "training_auditevent" VALUES(49,'2026-11-29 22:05:02.893790','sign_off','manager','Completed: enrollment 2','command line (load_demo)',NULL,2,26,NULL);
INSERT INTO "training_auditevent" VALUES(50,'2026-11-29 22:05:02.899877','sign_off','manager','Signed off as ready for on-call: enrollment 2','command line (load_demo)',NULL,2,27,NULL);
INSERT INTO "training_auditevent" VALUES(51,'2026-11-29 22:05:03.493087','sign_off','manager','Enrolled: enrollment 3','command line (load_demo)',NULL,2,28,NULL);
CREATE TABLE "training_calendarfeed" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "token" varchar(64) NOT NULL UNIQUE, "created_at" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "training_certificate" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "code" varchar(20) NOT NULL UNIQUE, "engineer_name" varchar(300) NOT NULL, "track_version" integer unsigned NOT NULL CHECK ("track_version" >= 0), "signer_name" varchar(300) NOT NULL, "issued_on" date NOT NULL, "expires_on" date NULL, "pdf" varchar(200) NOT NULL, "sha256" varchar(64) NOT NULL, "revoked_at" datetime NULL, "revocation_reason" text NOT NULL, "created_at" datetime NOT NULL, "engineer_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "enrollment_id" bigint NOT NULL UNIQUE REFERENCES "training_enrollment" ("id") DEFERRABLE INITIALLY DEFERRED, "revoked_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "signer_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "track_id" bigint NOT NULL REFERENCES "training_track" ("id") DEFERRABLE INITIALLY DEFERRED, "previous_id" bigint NULL REFERENCES "training_certificate" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "certificate_expires_after_issue" CHECK (("expires_on" IS NULL OR "expires_on" >= ("issued_on"))), CONSTRAINT "certificate_revocation_complete" CHECK ((("revoked_at" IS NULL AND "revoked_by_id" IS NULL) OR ("revoked_at" IS NOT NULL AND "revoked_by_id" IS NOT NULL AND NOT ("revocation_reason" = '')))));
INSERT INTO "training_certificate" VALUES(1,'H2Y4V6M2MQW8E4VBQDMR','Bob Novak',1,'Morgan Reyes','2026-11-29','2027-11-29','certificates/2026/H2Y4V6M2MQW8E4VBQDMR.pdf','27dc9479a0684f28b7b5309112fe26ac3ee5f28a21f2f5c632ea6d9b34587d89',NULL,'','2026-11-29 22:05:03.479945',6,2,NULL,2,1,NULL);
CREATE TABLE "training_certificationreview" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "reviewed_on" date NOT NULL, "outcome" varchar(8) NOT NULL, "notes" text NOT NULL, "created_at" datetime NOT NULL, "certificate_id" bigint NOT NULL REFERENCES "training_certificate" ("id") DEFERRABLE INITIALLY DEFERRED, "reviewer_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE "training_enrollment" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "start_date" date NOT NULL, "target_date" date NULL, "status" varchar(10) NOT NULL, "steps_total" integer unsigned NOT NULL CHECK ("steps_total" >= 0), "steps_done" integer unsigned NOT NULL CHECK ("steps_done" >= 0), "readiness_completed_at" datetime NULL, "ready_at" datetime NULL, "last_activity_at" datetime NOT NULL, "created_at" datetime NOT NULL, "engineer_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "manager_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "mentor_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "track_id" bigint NOT NULL REFERENCES "training_track" ("id") DEFERRABLE INITIALLY DEFERRED, "renews_id" bigint NULL REFERENCES "training_certificate" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "enrollment_mentor_not_engineer" CHECK (NOT ("mentor_id" = ("engineer_id") AND "mentor_id" IS NOT NULL)), CONSTRAINT "enrollment_manager_not_engineer" CHECK (NOT ("manager_id" = ("engineer_id"))));
INSERT INTO "training_enrollment" VALUES(1,'2026-11-29','2026-12-20','active',17,1,NULL,NULL,'2026-11-29 22:05:02.611459','2026-11-29 22:05:02.531060',5,2,3,2,NULL);
INSERT INTO "training_enrollment" VALUES(2,'2026-11-29','2026-12-09','ready',8,8,'2026-11-29 22:05:02.881215','2026-11-29 22:05:02.899320','2026-11-29 22:05:02.903876','2026-11-29 22:05:02.618951',6,2,3,1,NULL);
INSERT INTO "training_enrollment" VALUES(3,'2026-11-29','2026-11-27','active',17,0,NULL,NULL,'2026-11-29 22:05:03.498598','2026-11-29 22:05:03.489222',7,2,3,2,NULL);
CREATE TABLE "training_exercise" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "slug" varchar(80) NOT NULL UNIQUE, "title" varchar(200) NOT NULL, "objectives" text NOT NULL CHECK ((JSON_VALID("objectives") OR "objectives" IS NULL)), "duration_minutes" integer unsigned NOT NULL CHECK ("duration_minutes" >= 0), "instructions" text NOT NULL CHECK ((JSON_VALID("instructions") OR "instructions" IS NULL)), "checklist" text NOT NULL CHECK ((JSON_VALID("checklist") OR "checklist" IS NULL)));
INSERT INTO "training_exercise" VALUES(1,'submit-and-track','Submit and track a task','["Follow one task from the API to a finished result", "Know where a task''s state is recorded"]',30,'["Send a sample task to the staging API with the team''s example payload.", "Note the task ID the API returns.", "Poll the task status endpoint until the task finishes.", "Find the same task in the tasks table and compare the two states."]','["Task submitted and its ID written in the log", "Status followed from queued to completed", "Database row found and matches the API"]');
INSERT INTO "training_exercise" VALUES(2,'monitor-agents','Monitor agent activity','["Tell a healthy agent from a stuck one", "Read the agent heartbeat dashboard"]',30,'["Open the agents dashboard for staging.", "List the agents and their last heartbeat.", "Stop one staging agent and watch how long the dashboard takes to flag it.", "Start it again and confirm it picks up work."]','["Agents and heartbeats listed in the log", "Time to detection of the stopped agent recorded", "Agent back to healthy after restart"]');
INSERT INTO "training_exercise" VALUES(3,'inspect-message-flow','Inspect message flow','["See how a task travels through the broker", "Spot a growing queue before it hurts"]',45,'["Open the broker''s management view for staging.", "Identify the task, retry and dead-letter queues.", "Submit ten tasks and watch the publish and deliver rates.", "Explain in your log what would make the retry queue grow."]','["The three queues named with their purpose", "Rates observed while tasks ran", "Retry growth explained in your own words"]');
INSERT INTO "training_exercise" VALUES(4,'query-database','Query database state','["Answer operational questions with read-only SQL", "Know which tables matter during an incident"]',30,'["Connect to the staging read replica with the read-only role.", "Count tasks by state for the last hour.", "Find the oldest task still running.", "Check the connection count against the pool limit."]','["Read-only connection used (no writes)", "Task counts by state in the log", "Connection usage compared with the pool limit"]');
INSERT INTO "training_exercise" VALUES(5,'metrics-dashboard','Check the metrics dashboard','["Read the golden signals of the system", "Link a metric to the runbook that acts on it"]',30,'["Open the service overview dashboard.", "Write down the current error rate, p95 latency, queue depth and memory use.", "Pick one alert threshold and find the runbook section it points to."]','["Four signals recorded with their values", "One alert linked to its runbook section"]');
CREATE TABLE "training_exerciselog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "notes" text NOT NULL, "checklist_ticks" text NOT NULL CHECK ((JSON_VALID("checklist_ticks") OR "checklist_ticks" IS NULL)), "state" varchar(10) NOT NULL, "submitted_at" datetime NOT NULL, "decided_at" datetime NULL, "comment" text NOT NULL, "decided_by_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "progress_id" bigint NOT NULL REFERENCES "training_stepprogress" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "training_exerciselog" VALUES(1,'Submitted task 7f3a from the staging API; followed it from queued to completed in 41 s and found the same row in the tasks table.','[0, 1, 2]','verified','2026-11-29 22:05:02.548703','2026-11-29 22:05:02.563233','Clear evidence, thanks.',3,3);
INSERT INTO "training_exerciselog" VALUES(2,'Listed 6 agents; stopped agent-3 and the dashboard flagged it after 45 s.','[0, 1, 2]','submitted','2026-11-29 22:05:02.581630',NULL,'',NULL,4);
INSERT INTO "training_exerciselog" VALUES(3,'Worked through “Submit and track a task” on staging; evidence in the team notes.','[0, 1, 2]','verified','2026-11-29 22:05:02.663251','2026-11-29 22:05:02.676363','Evidence checked.',3,20);
INSERT INTO "training_exerciselog" VALUES(4,'Worked through “Monitor agent activity” on staging; evidence in the team notes.','[0, 1, 2]','verified','2026-11-29 22:05:02.690143','2026-11-29 22:05:02.701577','Evidence checked.',3,21);
CREATE TABLE "training_exportjob" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "status" varchar(8) NOT NULL, "done" integer unsigned NOT NULL CHECK ("done" >= 0), "total" integer unsigned NOT NULL CHECK ("total" >= 0), "file" varchar(200) NOT NULL, "error" text NOT NULL, "created_at" datetime NOT NULL, "finished_at" datetime NULL, "requester_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "team_id" bigint NOT NULL REFERENCES "training_team" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "export_done_within_total" CHECK ("done" <= ("total")));
CREATE TABLE "training_readinesscheck" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group" varchar(120) NOT NULL, "item" varchar(300) NOT NULL, "checked_at" datetime NOT NULL, "checked_by_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "enrollment_id" bigint NOT NULL REFERENCES "training_enrollment" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "readiness_item_once" UNIQUE ("enrollment_id", "group", "item"));
INSERT INTO "training_readinesscheck" VALUES(1,'Core knowledge','Explains the system architecture and its data flow','2026-11-29 22:05:02.879510',2,2);
INSERT INTO "training_readinesscheck" VALUES(2,'Core knowledge','Finds the right decision tree for a symptom','2026-11-29 22:05:02.879535',2,2);
INSERT INTO "training_readinesscheck" VALUES(3,'Hands-on skills','Submits and tracks a task','2026-11-29 22:05:02.879549',2,2);
INSERT INTO "training_readinesscheck" VALUES(4,'Hands-on skills','Monitors agents and message flow','2026-11-29 22:05:02.879563',2,2);
INSERT INTO "training_readinesscheck" VALUES(5,'Tool access','Production SSH and read-only database access work','2026-11-29 22:05:02.879576',2,2);
INSERT INTO "training_readinesscheck" VALUES(6,'Tool access','Paging and chat accounts set up','2026-11-29 22:05:02.879587',2,2);
INSERT INTO "training_readinesscheck" VALUES(7,'Procedural readiness','Knows response times and how to escalate','2026-11-29 22:05:02.879599',2,2);
INSERT INTO "training_readinesscheck" VALUES(8,'Validation','Passed the knowledge check and shadowed an on-call engineer','2026-11-29 22:05:02.879611',2,2);
CREATE TABLE "training_reminderlog" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "key" varchar(120) NOT NULL, "sent_on" date NOT NULL, "recipient_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "reminder_once_a_day" UNIQUE ("recipient_id", "key", "sent_on"));
CREATE TABLE "training_rereaditem" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "document_slug" varchar(120) NOT NULL, "document_title" varchar(300) NOT NULL, "version" varchar(20) NOT NULL, "created_at" datetime NOT NULL, "done_at" datetime NULL, "certificate_id" bigint NOT NULL REFERENCES "training_certificate" ("id") DEFERRABLE INITIALLY DEFERRED, "engineer_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "reread_once_per_version" UNIQUE ("engineer_id", "document_slug", "version"));
CREATE TABLE "training_shadowincident" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "reference" varchar(60) NOT NULL, "severity" varchar(2) NOT NULL, "summary" varchar(300) NOT NULL, "shift_id" bigint NOT NULL REFERENCES "training_shadowshift" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "training_shadowincident" VALUES(1,'INC-2041','P3','Retry queue spike',1);
INSERT INTO "training_shadowincident" VALUES(2,'INC-2107','P2','Task queue backlog after a deploy',2);
INSERT INTO "training_shadowincident" VALUES(3,'INC-2112','P3','Agent heartbeat gaps',3);
INSERT INTO "training_shadowincident" VALUES(4,'INC-2113','P4','Noisy disk alert',3);
CREATE TABLE "training_shadowshift" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "date" date NOT NULL, "hours" decimal NOT NULL, "role" varchar(8) NOT NULL, "notes" text NOT NULL, "state" varchar(10) NOT NULL, "decided_at" datetime NULL, "comment" text NOT NULL, "created_at" datetime NOT NULL, "host_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "progress_id" bigint NOT NULL REFERENCES "training_stepprogress" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "shift_hours_between_0_and_24" CHECK (("hours" > '0' AND "hours" <= '24')));
INSERT INTO "training_shadowshift" VALUES(1,'2026-11-28',4,'observe','Quiet evening; watched the hourly checks.','pending',NULL,'','2026-11-29 22:05:02.603823',4,11);
INSERT INTO "training_shadowshift" VALUES(2,'2026-11-20',2.5,'observe','Evening shift. Followed the hourly checks and the hand-over to the night rota.','confirmed','2026-11-29 22:05:02.812730','Confirmed.','2026-11-29 22:05:02.801907',4,23);
INSERT INTO "training_shadowshift" VALUES(3,'2026-11-25',3,'assist','Paged twice; ran the agent restart runbook with the host watching.','confirmed','2026-11-29 22:05:02.834704','Confirmed.','2026-11-29 22:05:02.824171',4,23);
INSERT INTO "training_shadowshift" VALUES(4,'2026-11-28',2,'lead','Led the shift; the host only observed.','confirmed','2026-11-29 22:05:02.859942','Confirmed.','2026-11-29 22:05:02.851812',4,23);
CREATE TABLE "training_signoff" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action" varchar(12) NOT NULL, "comment" text NOT NULL, "track_version" integer unsigned NOT NULL CHECK ("track_version" >= 0), "document_version" varchar(20) NOT NULL, "at" datetime NOT NULL, "by_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "enrollment_id" bigint NOT NULL REFERENCES "training_enrollment" ("id") DEFERRABLE INITIALLY DEFERRED, "exercise_log_id" bigint NULL REFERENCES "training_exerciselog" ("id") DEFERRABLE INITIALLY DEFERRED, "shadow_shift_id" bigint NULL REFERENCES "training_shadowshift" ("id") DEFERRABLE INITIALLY DEFERRED, "step_id" bigint NULL REFERENCES "training_step" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "training_signoff" VALUES(1,'enrolled','Enrolled in Standard track v1',1,'','2026-11-29 22:05:02.535274',2,1,NULL,NULL,NULL);
INSERT INTO "training_signoff" VALUES(2,'submitted','',1,'','2026-11-29 22:05:02.553762',5,1,1,NULL,11);
INSERT INTO "training_signoff" VALUES(3,'verified','Clear evidence, thanks.',1,'','2026-11-29 22:05:02.564091',3,1,1,NULL,11);
INSERT INTO "training_signoff" VALUES(4,'completed','Exercise verified',1,'','2026-11-29 22:05:02.570513',3,1,NULL,NULL,11);
INSERT INTO "training_signoff" VALUES(5,'submitted','',1,'','2026-11-29 22:05:02.586953',5,1,2,NULL,12);
INSERT INTO "training_signoff" VALUES(6,'logged','4 h with Hugo Lindqvist (Observe)',1,'','2026-11-29 22:05:02.606298',5,1,NULL,1,19);
INSERT INTO "training_signoff" VALUES(7,'enrolled','Enrolled in Fast track v1',1,'','2026-11-29 22:05:02.621723',2,2,NULL,NULL,NULL);
INSERT INTO "training_signoff" VALUES(8,'completed','Read System Architecture Training v2.1',1,'2.1','2026-11-29 22:05:02.638554',6,2,NULL,NULL,1);
INSERT INTO "training_signoff" VALUES(9,'completed','Read Troubleshooting Decision Tree v1.1',1,'1.1','2026-11-29 22:05:02.653308',6,2,NULL,NULL,2);
INSERT INTO "training_signoff" VALUES(10,'submitted','',1,'','2026-11-29 22:05:02.666728',6,2,3,NULL,3);
INSERT INTO "training_signoff" VALUES(11,'verified','Evidence checked.',1,'','2026-11-29 22:05:02.676913',3,2,3,NULL,3);
INSERT INTO "training_signoff" VALUES(12,'completed','Exercise verified',1,'','2026-11-29 22:05:02.682751',3,2,NULL,NULL,3);
INSERT INTO "training_signoff" VALUES(13,'submitted','',1,'','2026-11-29 22:05:02.693115',6,2,4,NULL,4);
INSERT INTO "training_signoff" VALUES(14,'verified','Evidence checked.',1,'','2026-11-29 22:05:02.702101',3,2,4,NULL,4);
INSERT INTO "training_signoff" VALUES(15,'completed','Exercise verified',1,'','2026-11-29 22:05:02.707182',3,2,NULL,NULL,4);
INSERT INTO "training_signoff" VALUES(16,'completed','Passed Week 1 knowledge check: Foundations with 100.00%',1,'','2026-11-29 22:05:02.787915',6,2,NULL,NULL,5);
INSERT INTO "training_signoff" VALUES(17,'logged','2.5 h with Hugo Lindqvist (Observe)',1,'','2026-11-29 22:05:02.803897',6,2,NULL,2,6);
INSERT INTO "training_signoff" VALUES(18,'confirmed','Confirmed.',1,'','2026-11-29 22:05:02.813296',4,2,NULL,2,6);
INSERT INTO "training_signoff" VALUES(19,'logged','3 h with Hugo Lindqvist (Assist)',1,'','2026-11-29 22:05:02.826232',6,2,NULL,3,6);
INSERT INTO "training_signoff" VALUES(20,'confirmed','Confirmed.',1,'','2026-11-29 22:05:02.835380',4,2,NULL,3,6);
INSERT INTO "training_signoff" VALUES(21,'completed','5.5 confirmed hours, 0 lead shifts',1,'','2026-11-29 22:05:02.842095',4,2,NULL,NULL,6);
INSERT INTO "training_signoff" VALUES(22,'logged','2 h with Hugo Lindqvist (Lead (reverse shadow))',1,'','2026-11-29 22:05:02.852209',6,2,NULL,4,6);
INSERT INTO "training_signoff" VALUES(23,'confirmed','Confirmed.',1,'','2026-11-29 22:05:02.860434',4,2,NULL,4,6);
INSERT INTO "training_signoff" VALUES(24,'completed','',1,'','2026-11-29 22:05:02.868809',6,2,NULL,NULL,7);
INSERT INTO "training_signoff" VALUES(25,'readiness','8 readiness items checked',1,'','2026-11-29 22:05:02.881874',2,2,NULL,NULL,NULL);
INSERT INTO "training_signoff" VALUES(26,'completed','Manager sign-off',1,'','2026-11-29 22:05:02.893790',2,2,NULL,NULL,8);
INSERT INTO "training_signoff" VALUES(27,'signed_off','Welcome to the rota.',1,'','2026-11-29 22:05:02.899877',2,2,NULL,NULL,NULL);
INSERT INTO "training_signoff" VALUES(28,'enrolled','Enrolled in Standard track v1',1,'','2026-11-29 22:05:03.493087',2,3,NULL,NULL,NULL);
CREATE TABLE "training_stage" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "order" integer unsigned NOT NULL CHECK ("order" >= 0), "title" varchar(200) NOT NULL, "description" text NOT NULL, "track_id" bigint NOT NULL REFERENCES "training_track" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "stage_order_unique" UNIQUE ("track_id", "order"));
INSERT INTO "training_stage" VALUES(1,1,'Week 1: Foundations','',1);
INSERT INTO "training_stage" VALUES(2,2,'Week 2: On-call preparation','',1);
INSERT INTO "training_stage" VALUES(3,1,'Week 1: Foundations','Learn how the system fits together and practise the basics on staging.',2);
INSERT INTO "training_stage" VALUES(4,2,'Week 2: Incident response','',2);
INSERT INTO "training_stage" VALUES(5,3,'Week 3: Preparation for first on-call','',2);
INSERT INTO "training_stage" VALUES(6,1,'Week 1: Foundations','',3);
INSERT INTO "training_stage" VALUES(7,2,'Week 2: Incident response','',3);
INSERT INTO "training_stage" VALUES(8,3,'Week 3: Leading on-call','',3);
INSERT INTO "training_stage" VALUES(9,1,'Refresh','',4);
CREATE TABLE "training_step" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "order" integer unsigned NOT NULL CHECK ("order" >= 0), "title" varchar(300) NOT NULL, "kind" varchar(12) NOT NULL, "ref" varchar(120) NOT NULL, "hours" decimal NULL, "lead_shifts" integer unsigned NOT NULL CHECK ("lead_shifts" >= 0), "required" bool NOT NULL, "source_line" integer unsigned NOT NULL CHECK ("source_line" >= 0), "exercise_id" bigint NULL REFERENCES "training_exercise" ("id") DEFERRABLE INITIALLY DEFERRED, "stage_id" bigint NOT NULL REFERENCES "training_stage" ("id") DEFERRABLE INITIALLY DEFERRED, "track_id" bigint NOT NULL REFERENCES "training_track" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "step_order_unique" UNIQUE ("track_id", "order"), CONSTRAINT "step_exercise_has_exercise" CHECK ((NOT ("kind" = 'exercise') OR "exercise_id" IS NOT NULL)));
INSERT INTO "training_step" VALUES(1,1,'Read the system architecture guide','read','system-architecture-training',NULL,0,1,32,NULL,1,1);
INSERT INTO "training_step" VALUES(2,2,'Read the troubleshooting decision tree','read','troubleshooting-decision-tree',NULL,0,1,33,NULL,1,1);
INSERT INTO "training_step" VALUES(3,3,'Exercise: Submit and track a task','exercise','',NULL,0,1,34,1,1,1);
INSERT INTO "training_step" VALUES(4,4,'Exercise: Monitor agent activity','exercise','',NULL,0,1,35,2,1,1);
INSERT INTO "training_step" VALUES(5,5,'Quiz: Week 1 knowledge check','quiz','week-1-knowledge-check',NULL,0,1,36,NULL,1,1);
INSERT INTO "training_step" VALUES(6,6,'Shadow an experienced on-call engineer','shadow','',4,0,1,39,NULL,2,1);
INSERT INTO "training_step" VALUES(7,7,'Confirm your paging and chat accounts work','checklist','',NULL,0,1,40,NULL,2,1);
INSERT INTO "training_step" VALUES(8,8,'Manager sign-off','signoff','',NULL,0,1,41,NULL,2,1);
INSERT INTO "training_step" VALUES(9,1,'Read the system architecture guide','read','system-architecture-training',NULL,0,1,47,NULL,3,2);
INSERT INTO "training_step" VALUES(10,2,'Read the operational runbooks, sections 1-4','read','operational-runbooks',NULL,0,1,48,NULL,3,2);
INSERT INTO "training_step" VALUES(11,3,'Exercise: Submit and track a task','exercise','',NULL,0,1,49,1,3,2);
INSERT INTO "training_step" VALUES(12,4,'Exercise: Monitor agent activity','exercise','',NULL,0,1,50,2,3,2);
INSERT INTO "training_step" VALUES(13,5,'Exercise: Inspect message flow','exercise','',NULL,0,1,51,3,3,2);
INSERT INTO "training_step" VALUES(14,6,'Exercise: Query database state','exercise','',NULL,0,1,52,4,3,2);
INSERT INTO "training_step" VALUES(15,7,'Exercise: Check the metrics dashboard','exercise','',NULL,0,1,53,5,3,2);
INSERT INTO "training_step" VALUES(16,8,'Quiz: Week 1 knowledge check','quiz','week-1-knowledge-check',NULL,0,1,54,NULL,3,2);
INSERT INTO "training_step" VALUES(17,9,'Read the incident response guide, scenarios 1-10','read','incident-response-guide',NULL,0,1,57,NULL,4,2);
INSERT INTO "training_step" VALUES(18,10,'Read the troubleshooting decision tree','read','troubleshooting-decision-tree',NULL,0,1,58,NULL,4,2);
INSERT INTO "training_step" VALUES(19,11,'Shadow an experienced on-call engineer','shadow','',8,0,1,59,NULL,4,2);
INSERT INTO "training_step" VALUES(20,12,'Quiz: Week 2 knowledge check','quiz','week-2-knowledge-check',NULL,0,1,60,NULL,4,2);
INSERT INTO "training_step" VALUES(21,13,'Read the on-call procedures','read','on-call-procedures',NULL,0,1,63,NULL,5,2);
INSERT INTO "training_step" VALUES(22,14,'Quiz: Week 3 knowledge check','quiz','week-3-knowledge-check',NULL,0,1,64,NULL,5,2);
INSERT INTO "training_step" VALUES(23,15,'Scenario validation','validation','scenario-validation',NULL,0,1,65,NULL,5,2);
INSERT INTO "training_step" VALUES(24,16,'Set up access to every production tool','checklist','',NULL,0,1,66,NULL,5,2);
INSERT INTO "training_step" VALUES(25,17,'Manager sign-off','signoff','',NULL,0,1,67,NULL,5,2);
INSERT INTO "training_step" VALUES(26,1,'Read the system architecture guide','read','system-architecture-training',NULL,0,1,35,NULL,6,3);
INSERT INTO "training_step" VALUES(27,2,'Read the operational runbooks','read','operational-runbooks',NULL,0,1,36,NULL,6,3);
INSERT INTO "training_step" VALUES(28,3,'Exercise: Submit and track a task','exercise','',NULL,0,1,37,1,6,3);
INSERT INTO "training_step" VALUES(29,4,'Exercise: Monitor agent activity','exercise','',NULL,0,1,38,2,6,3);
INSERT INTO "training_step" VALUES(30,5,'Exercise: Inspect message flow','exercise','',NULL,0,1,39,3,6,3);
INSERT INTO "training_step" VALUES(31,6,'Exercise: Query database state','exercise','',NULL,0,1,40,4,6,3);
INSERT INTO "training_step" VALUES(32,7,'Exercise: Check the metrics dashboard','exercise','',NULL,0,1,41,5,6,3);
INSERT INTO "training_step" VALUES(33,8,'Quiz: Week 1 knowledge check','quiz','week-1-knowledge-check',NULL,0,1,42,NULL,6,3);
INSERT INTO "training_step" VALUES(34,9,'Read the incident response guide','read','incident-response-guide',NULL,0,1,45,NULL,7,3);
INSERT INTO "training_step" VALUES(35,10,'Read the troubleshooting decision tree','read','troubleshooting-decision-tree',NULL,0,1,46,NULL,7,3);
INSERT INTO "training_step" VALUES(36,11,'Practise an incident simulation with your mentor','checklist','',NULL,0,1,47,NULL,7,3);
INSERT INTO "training_step" VALUES(37,12,'Review three past incidents and their RCAs','checklist','',NULL,0,0,48,NULL,7,3);
INSERT INTO "training_step" VALUES(38,13,'Quiz: Week 2 knowledge check','quiz','week-2-knowledge-check',NULL,0,1,49,NULL,7,3);
INSERT INTO "training_step" VALUES(39,14,'Read the on-call procedures','read','on-call-procedures',NULL,0,1,52,NULL,8,3);
INSERT INTO "training_step" VALUES(40,15,'Read the training checklist to know what your team learns','read','operations-training-checklist',NULL,0,1,53,NULL,8,3);
INSERT INTO "training_step" VALUES(41,16,'Shadow on-call shifts, leading at least one','shadow','',12,1,1,54,NULL,8,3);
INSERT INTO "training_step" VALUES(42,17,'Quiz: Week 3 knowledge check','quiz','week-3-knowledge-check',NULL,0,1,55,NULL,8,3);
INSERT INTO "training_step" VALUES(43,18,'Scenario validation','validation','scenario-validation',NULL,0,1,56,NULL,8,3);
INSERT INTO "training_step" VALUES(44,19,'Manager sign-off','signoff','',NULL,0,1,57,NULL,8,3);
INSERT INTO "training_step" VALUES(45,1,'Read the on-call procedures again','read','on-call-procedures',NULL,0,1,18,NULL,9,4);
INSERT INTO "training_step" VALUES(46,2,'Read the incident response guide for new scenarios','read','incident-response-guide',NULL,0,1,19,NULL,9,4);
INSERT INTO "training_step" VALUES(47,3,'Quiz: Week 3 knowledge check','quiz','week-3-knowledge-check',NULL,0,1,20,NULL,9,4);
INSERT INTO "training_step" VALUES(48,4,'Shadow a current on-call engineer','shadow','',2,0,1,21,NULL,9,4);
INSERT INTO "training_step" VALUES(49,5,'Manager sign-off','signoff','',NULL,0,1,22,NULL,9,4);
CREATE TABLE "training_stepprogress" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "status" varchar(12) NOT NULL, "started_at" datetime NULL, "completed_at" datetime NULL, "updated_at" datetime NOT NULL, "enrollment_id" bigint NOT NULL REFERENCES "training_enrollment" ("id") DEFERRABLE INITIALLY DEFERRED, "step_id" bigint NOT NULL REFERENCES "training_step" ("id") DEFERRABLE INITIALLY DEFERRED, CONSTRAINT "progress_unique_step" UNIQUE ("enrollment_id", "step_id"));
INSERT INTO "training_stepprogress" VALUES(1,'not_started',NULL,NULL,'2026-11-29 22:05:02.533635',1,9);
INSERT INTO "training_stepprogress" VALUES(2,'not_started',NULL,NULL,'2026-11-29 22:05:02.533669',1,10);
INSERT INTO "training_stepprogress" VALUES(3,'done','2026-11-29 22:05:02.552979','2026-11-29 22:05:02.569659','2026-11-29 22:05:02.569806',1,11);
INSERT INTO "training_stepprogress" VALUES(4,'submitted','2026-11-29 22:05:02.586164',NULL,'2026-11-29 22:05:02.586299',1,12);
INSERT INTO "training_stepprogress" VALUES(5,'not_started',NULL,NULL,'2026-11-29 22:05:02.533720',1,13);
INSERT INTO "training_stepprogress" VALUES(6,'not_started',NULL,NULL,'2026-11-29 22:05:02.533737',1,14);
INSERT INTO "training_stepprogress" VALUES(7,'not_started',NULL,NULL,'2026-11-29 22:05:02.533753',1,15);
INSERT INTO "training_stepprogress" VALUES(8,'not_started',NULL,NULL,'2026-11-29 22:05:02.533768',1,16);
INSERT INTO "training_stepprogress" VALUES(9,'not_started',NULL,NULL,'2026-11-29 22:05:02.533783',1,17);
INSERT INTO "training_stepprogress" VALUES(10,'not_started',NULL,NULL,'2026-11-29 22:05:02.533798',1,18);
INSERT INTO "training_stepprogress" VALUES(11,'in_progress','2026-11-29 22:05:02.605640',NULL,'2026-11-29 22:05:02.605754',1,19);
INSERT INTO "training_stepprogress" VALUES(12,'not_started',NULL,NULL,'2026-11-29 22:05:02.533829',1,20);
INSERT INTO "training_stepprogress" VALUES(13,'not_started',NULL,NULL,'2026-11-29 22:05:02.533845',1,21);
INSERT INTO "training_stepprogress" VALUES(14,'not_started',NULL,NULL,'2026-11-29 22:05:02.533860',1,22);
INSERT INTO "training_stepprogress" VALUES(15,'not_started',NULL,NULL,'2026-11-29 22:05:02.533874',1,23);
INSERT INTO "training_stepprogress" VALUES(16,'not_started',NULL,NULL,'2026-11-29 22:05:02.533890',1,24);
INSERT INTO "training_stepprogress" VALUES(17,'not_started',NULL,NULL,'2026-11-29 22:05:02.533905',1,25);
INSERT INTO "training_stepprogress" VALUES(18,'done','2026-11-29 22:05:02.637963','2026-11-29 22:05:02.637963','2026-11-29 22:05:02.638064',2,1);
INSERT INTO "training_stepprogress" VALUES(19,'done','2026-11-29 22:05:02.652757','2026-11-29 22:05:02.652757','2026-11-29 22:05:02.652844',2,2);
INSERT INTO "training_stepprogress" VALUES(20,'done','2026-11-29 22:05:02.666096','2026-11-29 22:05:02.682076','2026-11-29 22:05:02.682188',2,3);
INSERT INTO "training_stepprogress" VALUES(21,'done','2026-11-29 22:05:02.692560','2026-11-29 22:05:02.706702','2026-11-29 22:05:02.706777',2,4);
INSERT INTO "training_stepprogress" VALUES(22,'done','2026-11-29 22:05:02.786860','2026-11-29 22:05:02.786860','2026-11-29 22:05:02.787041',2,5);
INSERT INTO "training_stepprogress" VALUES(23,'done','2026-11-29 22:05:02.803385','2026-11-29 22:05:02.841577','2026-11-29 22:05:02.841666',2,6);
INSERT INTO "training_stepprogress" VALUES(24,'done','2026-11-29 22:05:02.868322','2026-11-29 22:05:02.868322','2026-11-29 22:05:02.868397',2,7);
INSERT INTO "training_stepprogress" VALUES(25,'done','2026-11-29 22:05:02.893207','2026-11-29 22:05:02.893207','2026-11-29 22:05:02.893313',2,8);
INSERT INTO "training_stepprogress" VALUES(26,'not_started',NULL,NULL,'2026-11-29 22:05:03.491719',3,9);
INSERT INTO "training_stepprogress" VALUES(27,'not_started',NULL,NULL,'2026-11-29 22:05:03.491755',3,10);
INSERT INTO "training_stepprogress" VALUES(28,'not_started',NULL,NULL,'2026-11-29 22:05:03.491774',3,11);
INSERT INTO "training_stepprogress" VALUES(29,'not_started',NULL,NULL,'2026-11-29 22:05:03.491791',3,12);
INSERT INTO "training_stepprogress" VALUES(30,'not_started',NULL,NULL,'2026-11-29 22:05:03.491807',3,13);
INSERT INTO "training_stepprogress" VALUES(31,'not_started',NULL,NULL,'2026-11-29 22:05:03.491823',3,14);
INSERT INTO "training_stepprogress" VALUES(32,'not_started',NULL,NULL,'2026-11-29 22:05:03.491838',3,15);
INSERT INTO "training_stepprogress" VALUES(33,'not_started',NULL,NULL,'2026-11-29 22:05:03.491854',3,16);
INSERT INTO "training_stepprogress" VALUES(34,'not_started',NULL,NULL,'2026-11-29 22:05:03.491871',3,17);
INSERT INTO "training_stepprogress" VALUES(35,'not_started',NULL,NULL,'2026-11-29 22:05:03.491887',3,18);
INSERT INTO "training_stepprogress" VALUES(36,'not_started',NULL,NULL,'2026-11-29 22:05:03.491903',3,19);
INSERT INTO "training_stepprogress" VALUES(37,'not_started',NULL,NULL,'2026-11-29 22:05:03.491919',3,20);
INSERT INTO "training_stepprogress" VALUES(38,'not_started',NULL,NULL,'2026-11-29 22:05:03.491934',3,21);
INSERT INTO "training_stepprogress" VALUES(39,'not_started',NULL,NULL,'2026-11-29 22:05:03.491949',3,22);
INSERT INTO "training_stepprogress" VALUES(40,'not_started',NULL,NULL,'2026-11-29 22:05:03.491966',3,23);
INSERT INTO "training_stepprogress" VALUES(41,'not_started',NULL,NULL,'2026-11-29 22:05:03.491982',3,24);
INSERT INTO "training_stepprogress" VALUES(42,'not_started',NULL,NULL,'2026-11-29 22:05:03.491998',3,25);
CREATE TABLE "training_team" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(120) NOT NULL UNIQUE, "slug" varchar(120) NOT NULL UNIQUE, "manager_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "review_cadence" varchar(10) NOT NULL);
INSERT INTO "training_team" VALUES(1,'Platform Operations','platform-ops',2,'none');
CREATE TABLE "training_team_members" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "team_id" bigint NOT NULL REFERENCES "training_team" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
INSERT INTO "training_team_members" VALUES(1,1,3);
INSERT INTO "training_team_members" VALUES(2,1,4);
INSERT INTO "training_team_members" VALUES(3,1,5);
INSERT INTO "training_team_members" VALUES(4,1,6);
INSERT INTO "training_team_members" VALUES(5,1,7);
CREATE TABLE "training_track" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "slug" varchar(80) NOT NULL, "version" integer unsigned NOT NULL CHECK ("version" >= 0), "is_current" bool NOT NULL, "name" varchar(200) NOT NULL, "description" text NOT NULL, "audience" varchar(200) NOT NULL, "hours" varchar(40) NOT NULL, "validity_months" integer unsigned NULL CHECK ("validity_months" >= 0), "separation_of_duties" bool NOT NULL, "readiness" text NOT NULL CHECK ((JSON_VALID("readiness") OR "readiness" IS NULL)), "created_at" datetime NOT NULL, "currency_months" integer unsigned NULL CHECK ("currency_months" >= 0), "min_active_days" integer unsigned NOT NULL CHECK ("min_active_days" >= 0), "recert_window_days" integer unsigned NOT NULL CHECK ("recert_window_days" >= 0), "refresh_track_slug" varchar(80) NOT NULL, "renewal_basis" varchar(16) NOT NULL, "renewal_day" smallint unsigned NULL CHECK ("renewal_day" >= 0), "renewal_month" smallint unsigned NULL CHECK ("renewal_month" >= 0), "review_cadence" varchar(10) NOT NULL, CONSTRAINT "track_slug_version_unique" UNIQUE ("slug", "version"), CONSTRAINT "track_fixed_renewal_date_set" CHECK ((NOT ("renewal_basis" = 'fixed_date') OR ("renewal_month" >= 1 AND "renewal_month" <= 12 AND "renewal_day" >= 1 AND "renewal_day" <= 31))));
INSERT INTO "training_track" VALUES(1,'fast',1,1,'Fast track','A short path for engineers who already run production systems: the architecture, the decision
trees, two exercises and one shadow shift.','Experienced SREs new to this system','4-5',12,1,'[{"group": "Core knowledge", "items": ["Explains the system architecture and its data flow", "Finds the right decision tree for a symptom"]}, {"group": "Hands-on skills", "items": ["Submits and tracks a task", "Monitors agents and message flow"]}, {"group": "Tool access", "items": ["Production SSH and read-only database access work", "Paging and chat accounts set up"]}, {"group": "Procedural readiness", "items": ["Knows response times and how to escalate"]}, {"group": "Validation", "items": ["Passed the knowledge check and shadowed an on-call engineer"]}]','2026-11-29 22:05:02.465141',NULL,0,30,'refresh','completion',NULL,NULL,'quarterly');
INSERT INTO "training_track" VALUES(2,'standard',1,1,'Standard track','The standard programme for a new team member: three weeks from the architecture to a first
on-call shift with a backup.','Engineers new to this system','6-8',12,1,'[{"group": "Core knowledge", "items": ["Explains the system architecture and its data flow", "Knows the daily and weekly operational procedures", "Follows the incident response protocol", "Finds the right decision tree for a symptom", "Knows when and how to escalate"]}, {"group": "Hands-on skills", "items": ["Submits and tracks a task", "Monitors agents", "Inspects message flow", "Queries database state", "Reads the metrics dashboard"]}, {"group": "Tool access", "items": ["Production SSH access", "Database and broker credentials", "Monitoring and paging accounts", "Team chat channels"]}, {"group": "Procedural readiness", "items": ["Knows response times by severity", "Has runbooks and decision trees at hand", "Knows the emergency contacts"]}, {"group": "Validation", "items": ["Passed the knowledge checks", "Shadowed an experienced engineer", "Passed the scenario validation"]}]','2026-11-29 22:05:02.485761',6,90,30,'refresh','previous_expiry',NULL,NULL,'quarterly');
INSERT INTO "training_track" VALUES(3,'comprehensive',1,1,'Comprehensive track','For on-call leads: every document, every exercise, a reverse shadow shift and the full
validation.','On-call leads','10+',12,1,'[{"group": "Core knowledge", "items": ["Explains every component and its failure modes", "Leads the incident response protocol", "Runs a root cause analysis"]}, {"group": "Hands-on skills", "items": ["Completed all five exercises", "Led a shift under supervision"]}, {"group": "Tool access", "items": ["Every production tool, including broker and cache administration"]}, {"group": "Procedural readiness", "items": ["Owns the escalation path and the handoff"]}, {"group": "Validation", "items": ["Passed every knowledge check and the scenario validation"]}]','2026-11-29 22:05:02.505444',3,180,45,'refresh','fixed_date',31,1,'monthly');
INSERT INTO "training_track" VALUES(4,'refresh',1,1,'Refresh track','A short path that renews an on-call certification: what changed, one knowledge check and one
shift alongside the current on-call engineer.','Certified engineers renewing their on-call certification','2-3',12,1,'[{"group": "Current knowledge", "items": ["Knows what changed in the runbooks and the architecture since the last certification"]}, {"group": "Procedural readiness", "items": ["Still knows the escalation path and the response times"]}]','2026-11-29 22:05:02.520405',NULL,0,30,'','completion',NULL,NULL,'none');
CREATE TABLE "training_usersession" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "session_key" varchar(40) NOT NULL UNIQUE, "created_at" datetime NOT NULL, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq" ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id");
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE UNIQUE INDEX "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq" ON "auth_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");
CREATE INDEX "assessments_questionbank_created_by_id_4f911051" ON "assessments_questionbank" ("created_by_id");
CREATE INDEX "assessments_choice_question_id_2472e93f" ON "assessments_choice" ("question_id");
CREATE INDEX "assessments_question_category_id_64b4a3a3" ON "assessments_question" ("category_id");
CREATE INDEX "assessments_question_bank_id_6efb52cf" ON "assessments_question" ("bank_id");
CREATE INDEX "assessments_category_bank_id_93532a1b" ON "assessments_category" ("bank_id");
CREATE UNIQUE INDEX "assessments_attempt_one_in_progress" ON "assessments_attempt" ("user_id", "quiz_id") WHERE "status" = 'in_progress';
CREATE INDEX "assessments_attempt_reviewed_by_id_95850107" ON "assessments_attempt" ("reviewed_by_id");
CREATE INDEX "assessments_attempt_user_id_5fc81011" ON "assessments_attempt" ("user_id");
CREATE INDEX "assessments_attempt_quiz_id_126b1312" ON "assessments_attempt" ("quiz_id");
CREATE INDEX "assessments_quizdraw_category_id_7e77999b" ON "assessments_quizdraw" ("category_id");
CREATE INDEX "assessments_quizdraw_quiz_id_fcfc72ca" ON "assessments_quizdraw" ("quiz_id");
CREATE INDEX "assessments_quizquestion_question_id_1b8cbac4" ON "assessments_quizquestion" ("question_id");
CREATE INDEX "assessments_quizquestion_quiz_id_b1034604" ON "assessments_quizquestion" ("quiz_id");
CREATE INDEX "assessments_quiz_created_by_id_d07ccae4" ON "assessments_quiz" ("created_by_id");
CREATE INDEX "assessments_response_attempt_id_905cea65" ON "assessments_response" ("attempt_id");
CREATE INDEX "assessments_response_question_id_bdd1eb36" ON "assessments_response" ("question_id");
CREATE INDEX "assessments_rubriccriterion_question_id_c7be718e" ON "assessments_rubriccriterion" ("question_id");
CREATE INDEX "assessments_criterionscore_response_id_f1bf7c7f" ON "assessments_criterionscore" ("response_id");
CREATE INDEX "assessments_criterionscore_criterion_id_9393db0b" ON "assessments_criterionscore" ("criterion_id");
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq" ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE INDEX "axes_accessattempt_user_agent_ad89678b" ON "axes_accessattempt" ("user_agent");
CREATE INDEX "axes_accessattempt_ip_address_10922d9c" ON "axes_accessattempt" ("ip_address");
CREATE INDEX "axes_accessattempt_username_3f2d4ca0" ON "axes_accessattempt" ("username");
CREATE UNIQUE INDEX "axes_accessattempt_username_ip_address_user_agent_8ea22282_uniq" ON "axes_accessattempt" ("username", "ip_address", "user_agent");
CREATE INDEX "axes_accessfailurelog_user_agent_ea145dda" ON "axes_accessfailurelog" ("user_agent");
CREATE INDEX "axes_accessfailurelog_ip_address_2e9f5a7f" ON "axes_accessfailurelog" ("ip_address");
CREATE INDEX "axes_accessfailurelog_username_a8b7e8a4" ON "axes_accessfailurelog" ("username");
CREATE INDEX "axes_accesslog_user_agent_0e659004" ON "axes_accesslog" ("user_agent");
CREATE INDEX "axes_accesslog_ip_address_86b417e5" ON "axes_accesslog" ("ip_address");
CREATE INDEX "axes_accesslog_username_df93064b" ON "axes_accesslog" ("username");
CREATE INDEX "content_documentversion_document_id_49f31884" ON "content_documentversion" ("document_id");
CREATE INDEX "content_document_review_due_25d32079" ON "content_document" ("review_due");
CREATE INDEX "content_document_owner_id_9ad9431d" ON "content_document" ("owner_id");
CREATE INDEX "content_document_current_version_id_167ad73c" ON "content_document" ("current_version_id");
CREATE INDEX "content_learningpathitem_document_id_9424541f" ON "content_learningpathitem" ("document_id");
CREATE INDEX "content_learningpathitem_path_id_4d8c4bf9" ON "content_learningpathitem" ("path_id");
CREATE INDEX "content_readacknowledgement_document_id_31ca2f33" ON "content_readacknowledgement" ("document_id");
CREATE INDEX "content_readacknowledgement_user_id_ea7af377" ON "content_readacknowledgement" ("user_id");
CREATE INDEX "content_readacknowledgement_version_id_d3ab3f89" ON "content_readacknowledgement" ("version_id");
CREATE INDEX "content_scenariolink_document_id_0f891cd7" ON "content_scenariolink" ("document_id");
CREATE INDEX "content_scenariolink_scenario_id_d653c748" ON "content_scenariolink" ("scenario_id");
CREATE INDEX "django_task_queue_n_99c321_idx" ON "django_tasks_database_dbtaskresult" ("queue_name");
CREATE INDEX "django_task_backend_071754_idx" ON "django_tasks_database_dbtaskresult" ("backend_name");
CREATE INDEX "tasks_db_new_ordering_idx" ON "django_tasks_database_dbtaskresult" ("status", "priority" DESC, "run_after" ASC, "enqueued_at" ASC) WHERE "status" = 'READY';
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");
CREATE INDEX "training_shadowincident_shift_id_2768c64b" ON "training_shadowincident" ("shift_id");
CREATE INDEX "training_exerciselog_decided_by_id_749bdd08" ON "training_exerciselog" ("decided_by_id");
CREATE INDEX "training_exerciselog_progress_id_0e293371" ON "training_exerciselog" ("progress_id");
CREATE UNIQUE INDEX "training_team_members_team_id_user_id_c4aee9f5_uniq" ON "training_team_members" ("team_id", "user_id");
CREATE INDEX "training_team_members_team_id_563160c2" ON "training_team_members" ("team_id");
CREATE INDEX "training_team_members_user_id_c8621170" ON "training_team_members" ("user_id");
CREATE INDEX "training_readinesscheck_checked_by_id_f951273d" ON "training_readinesscheck" ("checked_by_id");
CREATE INDEX "training_readinesscheck_enrollment_id_ccc2b6e9" ON "training_readinesscheck" ("enrollment_id");
CREATE INDEX "training_signoff_by_id_7a5418bd" ON "training_signoff" ("by_id");
CREATE INDEX "training_signoff_enrollment_id_5501442d" ON "training_signoff" ("enrollment_id");
CREATE INDEX "training_signoff_exercise_log_id_1ae8ebfd" ON "training_signoff" ("exercise_log_id");
CREATE INDEX "training_signoff_shadow_shift_id_76f38231" ON "training_signoff" ("shadow_shift_id");
CREATE INDEX "training_signoff_step_id_c0a99393" ON "training_signoff" ("step_id");
CREATE INDEX "training_si_enrollm_d38338_idx" ON "training_signoff" ("enrollment_id", "at");
CREATE INDEX "training_stepprogress_enrollment_id_0da71ef6" ON "training_stepprogress" ("enrollment_id");
CREATE INDEX "training_stepprogress_step_id_e80b7af5" ON "training_stepprogress" ("step_id");
CREATE INDEX "training_st_enrollm_83bbd7_idx" ON "training_stepprogress" ("enrollment_id", "status");
CREATE INDEX "training_shadowshift_host_id_ae615308" ON "training_shadowshift" ("host_id");
CREATE INDEX "training_shadowshift_progress_id_5fd32266" ON "training_shadowshift" ("progress_id");
CREATE UNIQUE INDEX "one_pending_log_per_step" ON "training_exerciselog" ("progress_id") WHERE "state" = 'submitted';
CREATE INDEX "training_step_exercise_id_2e387ec4" ON "training_step" ("exercise_id");
CREATE INDEX "training_step_stage_id_b3779fe9" ON "training_step" ("stage_id");
CREATE INDEX "training_step_track_id_fc17b0bc" ON "training_step" ("track_id");
CREATE INDEX "training_stage_track_id_30405724" ON "training_stage" ("track_id");
CREATE UNIQUE INDEX "enrollment_one_active_per_track" ON "training_enrollment" ("engineer_id", "track_id") WHERE "status" = 'active';
CREATE INDEX "training_enrollment_engineer_id_e3c3ef69" ON "training_enrollment" ("engineer_id");
CREATE INDEX "training_enrollment_manager_id_67312746" ON "training_enrollment" ("manager_id");
CREATE INDEX "training_enrollment_mentor_id_5d0f8802" ON "training_enrollment" ("mentor_id");
CREATE INDEX "training_enrollment_track_id_7cbe9a18" ON "training_enrollment" ("track_id");
CREATE INDEX "training_certificate_engineer_id_f5dd637b" ON "training_certificate" ("engineer_id");
CREATE INDEX "training_certificate_revoked_by_id_4dd74a0f" ON "training_certificate" ("revoked_by_id");
CREATE INDEX "training_certificate_signer_id_09afc893" ON "training_certificate" ("signer_id");
CREATE INDEX "training_certificate_track_id_fda44645" ON "training_certificate" ("track_id");
CREATE INDEX "training_exportjob_requester_id_2a54b464" ON "training_exportjob" ("requester_id");
CREATE INDEX "training_exportjob_team_id_64e348fe" ON "training_exportjob" ("team_id");
CREATE INDEX "training_ex_request_450a83_idx" ON "training_exportjob" ("requester_id", "created_at" DESC);
CREATE INDEX "training_usersession_user_id_269c269f" ON "training_usersession" ("user_id");
CREATE INDEX "training_certificate_previous_id_4996da2a" ON "training_certificate" ("previous_id");
CREATE INDEX "training_enrollment_renews_id_51d4e5fa" ON "training_enrollment" ("renews_id");
CREATE INDEX "training_team_manager_id_ed37186c" ON "training_team" ("manager_id");
CREATE UNIQUE INDEX "track_one_current_version" ON "training_track" ("slug") WHERE "is_current";
CREATE INDEX "training_track_slug_50db7346" ON "training_track" ("slug");
CREATE INDEX "training_track_refresh_track_slug_9633076e" ON "training_track" ("refresh_track_slug");
CREATE INDEX "training_certificationreview_certificate_id_7cb9bb99" ON "training_certificationreview" ("certificate_id");
CREATE INDEX "training_certificationreview_reviewer_id_02e71f98" ON "training_certificationreview" ("reviewer_id");
CREATE INDEX "training_reminderlog_recipient_id_84899b6a" ON "training_reminderlog" ("recipient_id");
CREATE INDEX "training_rereaditem_document_slug_38c55a1d" ON "training_rereaditem" ("document_slug");
CREATE INDEX "training_rereaditem_certificate_id_42c2d4be" ON "training_rereaditem" ("certificate_id");
CREATE INDEX "training_rereaditem_engineer_id_7bd2a49d" ON "training_rereaditem" ("engineer_id");
CREATE INDEX "training_re_enginee_a5c437_idx" ON "training_rereaditem" ("engineer_id", "done_at");
CREATE INDEX "training_auditevent_actor_id_7e224bcf" ON "training_auditevent" ("actor_id");
CREATE INDEX "training_auditevent_subject_id_fee4d3d8" ON "training_auditevent" ("subject_id");
CREATE INDEX "training_au_at_efabcb_idx" ON "training_auditevent" ("at" DESC, "id" DESC);
CREATE INDEX "training_au_kind_e898d3_idx" ON "training_auditevent" ("kind", "at" DESC);
CREATE INDEX "training_au_actor_i_d8f2bc_idx" ON "training_auditevent" ("actor_id", "at" DESC);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('django_migrations',56);
INSERT INTO "sqlite_sequence" VALUES('django_admin_log',0);
INSERT INTO "sqlite_sequence" VALUES('assessments_question',26);
INSERT INTO "sqlite_sequence" VALUES('assessments_category',6);
INSERT INTO "sqlite_sequence" VALUES('assessments_attempt',1);
INSERT INTO "sqlite_sequence" VALUES('assessments_quizdraw',2);
INSERT INTO "sqlite_sequence" VALUES('assessments_quizquestion',18);
INSERT INTO "sqlite_sequence" VALUES('assessments_quiz',4);
INSERT INTO "sqlite_sequence" VALUES('assessments_response',8);
INSERT INTO "sqlite_sequence" VALUES('assessments_rubriccriterion',8);
INSERT INTO "sqlite_sequence" VALUES('assessments_criterionscore',0);
INSERT INTO "sqlite_sequence" VALUES('django_content_type',49);
INSERT INTO "sqlite_sequence" VALUES('auth_permission',199);
INSERT INTO "sqlite_sequence" VALUES('auth_group',1);
INSERT INTO "sqlite_sequence" VALUES('auth_user',7);
INSERT INTO "sqlite_sequence" VALUES('axes_accessattempt',0);
INSERT INTO "sqlite_sequence" VALUES('axes_accesslog',0);
INSERT INTO "sqlite_sequence" VALUES('content_documentversion',17);
INSERT INTO "sqlite_sequence" VALUES('content_document',6);
INSERT INTO "sqlite_sequence" VALUES('content_learningpathitem',21);
INSERT INTO "sqlite_sequence" VALUES('content_readacknowledgement',2);
INSERT INTO "sqlite_sequence" VALUES('content_scenariolink',28);
INSERT INTO "sqlite_sequence" VALUES('training_stepprogress',42);
INSERT INTO "sqlite_sequence" VALUES('training_shadowshift',4);
INSERT INTO "sqlite_sequence" VALUES('training_step',49);
INSERT INTO "sqlite_sequence" VALUES('training_stage',9);
INSERT INTO "sqlite_sequence" VALUES('training_enrollment',3);
INSERT INTO "sqlite_sequence" VALUES('training_team',1);
INSERT INTO "sqlite_sequence" VALUES('training_track',4);
INSERT INTO "sqlite_sequence" VALUES('training_calendarfeed',0);
INSERT INTO "sqlite_sequence" VALUES('training_certificationreview',0);
INSERT INTO "sqlite_sequence" VALUES('training_reminderlog',0);
INSERT INTO "sqlite_sequence" VALUES('training_rereaditem',0);
INSERT INTO "sqlite_sequence" VALUES('auth_group_permissions',3);
INSERT INTO "sqlite_sequence" VALUES('training_auditevent',51);
INSERT INTO "sqlite_sequence" VALUES('auth_user_groups',1);
INSERT INTO "sqlite_sequence" VALUES('training_team_members',5);
INSERT INTO "sqlite_sequence" VALUES('content_learningpath',5);
INSERT INTO "sqlite_sequence" VALUES('content_scenario',10);
INSERT INTO "sqlite_sequence" VALUES('assessments_questionbank',4);
INSERT INTO "sqlite_sequence" VALUES('assessments_choice',70);
INSERT INTO "sqlite_sequence" VALUES('training_exercise',5);
INSERT INTO "sqlite_sequence" VALUES('training_signoff',28);
INSERT INTO "sqlite_sequence" VALUES('training_exerciselog',4);
INSERT INTO "sqlite_sequence" VALUES('training_shadowincident',4);
INSERT INTO "sqlite_sequence" VALUES('training_readinesscheck',8);
INSERT INTO "sqlite_sequence" VALUES('training_certificate',1);
COMMIT;
