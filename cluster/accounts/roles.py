"""What each per-site role may do, expressed as the Wagtail groups of a site schema."""

from cluster.tenants.models import SiteRole

# Group names as editors see them in the admin.
ROLE_GROUP_NAMES = {
    SiteRole.Role.SITE_ADMIN: "站点管理员",
    SiteRole.Role.EDITOR: "编辑",
    SiteRole.Role.REVIEWER: "审核",
    # 政府信息公开工作人员: answers 依申请公开 requests, the only role that reads identity numbers.
    SiteRole.Role.DISCLOSURE_OFFICER: "信息公开工作人员",
}

# Page permissions granted on the root page, so they cover the site's whole tree.
ROLE_PAGE_PERMISSIONS = {
    SiteRole.Role.SITE_ADMIN: [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ],
    SiteRole.Role.EDITOR: ["add_page", "change_page"],
    SiteRole.Role.REVIEWER: ["add_page", "change_page", "publish_page"],
    SiteRole.Role.DISCLOSURE_OFFICER: ["add_page", "change_page"],
}

# Collection permissions on the root collection (images and documents).
ROLE_COLLECTION_PERMISSIONS = {
    SiteRole.Role.SITE_ADMIN: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
    SiteRole.Role.EDITOR: [
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
    SiteRole.Role.REVIEWER: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    SiteRole.Role.DISCLOSURE_OFFICER: [
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ],
}

# Model permissions (app_label.codename) beyond admin access.
ROLE_MODEL_PERMISSIONS = {
    SiteRole.Role.SITE_ADMIN: [
        "wagtailadmin.access_admin",
        "core.change_siteidentity",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "disclosure.change_disclosuresettings",
        "disclosure.view_informationrequest",
        "letters.view_letter",
        "letters.change_letter",
        "letters.review_letter",
        "letters.transfer_letter",
        "letters.view_writer_contact",
        "letters.view_lettertype",
        "letters.add_lettertype",
        "letters.change_lettertype",
        # The 权责清单 (sites/powers): items are cancelled, never deleted.
        "powers.view_poweritem",
        "powers.add_poweritem",
        "powers.change_poweritem",
        # Site admins set the review steps of their site (Wagtail workflows).
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        # 意见征集 and 在线访谈: moderate what the public sends, answer in interviews.
        "consultations.view_consultationcomment",
        "consultations.change_consultationcomment",
        "consultations.view_interviewquestion",
        "consultations.change_interviewquestion",
        "consultations.add_interviewpost",
        # 政府网站工作年度报表 (sites/webreport): recount, fill in, export, submit.
        "webreport.fill_websiteannualreport",
    ],
    # Editors work the letters (承办: draft the answer, call the writer back) and type the
    # answers during an interview; reviewers approve letters' answers and moderate what the
    # public sends to consultations and interviews.
    SiteRole.Role.EDITOR: [
        "wagtailadmin.access_admin",
        "letters.view_letter",
        "letters.change_letter",
        "letters.view_writer_contact",
        "powers.view_poweritem",
        "powers.add_poweritem",
        "powers.change_poweritem",
        "consultations.view_interviewquestion",
        "consultations.change_interviewquestion",
        "consultations.add_interviewpost",
    ],
    SiteRole.Role.REVIEWER: [
        "wagtailadmin.access_admin",
        "letters.view_letter",
        "letters.review_letter",
        "powers.view_poweritem",
        "consultations.view_consultationcomment",
        "consultations.change_consultationcomment",
        "consultations.view_interviewquestion",
        "consultations.change_interviewquestion",
        "consultations.add_interviewpost",
    ],
    SiteRole.Role.DISCLOSURE_OFFICER: [
        "wagtailadmin.access_admin",
        "disclosure.view_informationrequest",
        "disclosure.add_informationrequest",
        "disclosure.change_informationrequest",
        "disclosure.view_applicant_identity",
    ],
}
