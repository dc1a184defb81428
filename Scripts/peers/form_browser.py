#!/usr/bin/env python3
"""Fills in Huddle's personal huddle form in Debian's headless Chromium, at a phone's size, as a
colleague would: through chromium-driver and Selenium (data/pyenv). Nothing leaves the machine
(a dead proxy for anything but loopback).

    form_browser.py URL SCREENSHOT_DIR

Opens URL, answers question 1 (and picks the middle value of any quick check), gives bob a
compliment, notes a happy customer and sends. Prints one JSON object: the notices the page shows
after sending, and the screenshots' paths."""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait


def notices(driver):
    return [p.text for p in driver.find_elements(By.CSS_SELECTOR, ".notice p")]


def main():
    url, folder = sys.argv[1], sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1", "--hide-scrollbars", "--window-size=390,1400"]:
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 390, "height": 1400, "pixelRatio": 1}})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    try:
        driver.get(url)
        form_png = os.path.join(folder, "form.png")
        driver.save_screenshot(form_png)
        driver.find_element(By.NAME, "q1").send_keys("Een groep van twaalf om tien uur")
        radios = driver.find_elements(By.CSS_SELECTOR, "input[type=radio][name^=q]")
        if radios:
            radios[len(radios) // 2].click()
        Select(driver.find_element(By.NAME, "kudos_to")).select_by_value("bob")
        driver.find_element(By.NAME, "kudos_text").send_keys("Dank voor de overdracht")
        driver.find_element(By.NAME, "obs_text").send_keys("Gast blij met het vroege ontbijt")
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 20).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".notice p")))
        sent = notices(driver)
        sent_png = os.path.join(folder, "form-sent.png")
        driver.save_screenshot(sent_png)
        print(json.dumps({"notices": sent, "screenshots": [form_png, sent_png]}))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
