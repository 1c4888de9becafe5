-- Turns the print HTML of an official document into a Word file with named styles.
-- Blocks carry data-custom-style="…" in the templates; pandoc's HTML reader hands it
-- on as custom-style, which the docx writer uses as the paragraph style. The
-- reference document (docx.py) defines those styles with Chinese fonts.

-- The <title> is already the first heading: do not print it twice.
function Meta(meta)
  meta.title = nil
  return meta
end

-- The red rule under the document number is the number paragraph's bottom border in Word.
function Div(el)
  if el.classes:includes("red-rule") then
    return {}
  end
  return el
end
