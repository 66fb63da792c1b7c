// Contakt's content script. It only answers the service worker when the user asks for it
// (the "Message the selected number" shortcut): it sends back the selected text. It reads
// nothing else and sends nothing on its own.
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (sender.id !== chrome.runtime.id || message?.type !== 'selection') return false;
  reply({ text: String(window.getSelection() ?? '').slice(0, 5000) });
  return false;
});
